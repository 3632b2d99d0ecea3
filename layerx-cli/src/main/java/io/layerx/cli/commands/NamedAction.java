package io.layerx.cli.commands;

import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command that does one thing to one named object over the API and says what it did: {@code layerx job stop},
 * {@code node fail|remove|drain}, {@code cluster drain}.
 */
abstract class NamedAction implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "NAME")
    String name;

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
