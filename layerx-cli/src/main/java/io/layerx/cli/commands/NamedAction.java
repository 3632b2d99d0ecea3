package io.layerx.cli.commands;

import io.layerx.cli.http.ApiClient;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that does one thing to one named object over the API and says what it did: {@code layerx job stop},
 * {@code node fail|remove|drain}, {@code cluster drain}.
 */
abstract class NamedAction extends OnNamed {

    @Spec
    CommandSpec spec;

    /** Does it through {@code client}; returns what to print (one or more lines). */
    abstract String act(ApiClient client);

    @Override
    public Integer call() {
        try (ApiClient client = api.client()) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(act(client));
            out.flush();
        }
        return 0;
    }
}
