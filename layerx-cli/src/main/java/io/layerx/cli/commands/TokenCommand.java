package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code layerx token create --role agent|brain|viewer}: a join token for agents, a brain's token, or a read-only
 * token for the web UI and the read commands (admin only).
 */
@Command(name = "token", description = "Make tokens.", subcommands = {TokenCommand.Create.class})
public final class TokenCommand {

    @Command(name = "create", description = "Make a join token for agents, a token for an external brain, or a read-only viewer token (needs an admin token); prints the token.")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The token's role: agent (joins nodes), brain (acts for the brain NAME only) or viewer (reads everything, changes nothing: for the web UI)")
        String role;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "join",
                description = "A name to recognise the token by; for a brain, the brain's name (default: ${DEFAULT-VALUE})")
        String name;

        @Override
        public Integer call() {
            try (ApiClient client = api.client()) {
                JsonNode t = client.postJson("/v1/tokens", Map.of("role", role, "name", name)).body();
                PrintWriter out = spec.commandLine().getOut();
                out.println(t.path("token").asText());
                out.flush();
            }
            return 0;
        }
    }
}
