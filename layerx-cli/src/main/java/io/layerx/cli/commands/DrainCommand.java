package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerx node drain NAME} and {@code layerx cluster drain NAME}: the node (or every node of the cluster)
 * takes no new work, and its running service tasks move elsewhere, start before stop. {@code --undo} puts it back.
 */
final class DrainCommand {

    private DrainCommand() {
    }

    /** What both drain commands take and do; {@code collection} is where the named object lives in the API. */
    abstract static class Drain implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--undo", description = "Put it back to work")
        boolean undo;

        abstract String collection();

        @Override
        public Integer call() {
            try (ApiClient client = api.client()) {
                String path = "/v1/" + collection() + "/" + ApiClient.segment(name) + (undo ? "/undrain" : "/drain");
                JsonNode answer = client.post(path, "application/json", new byte[0]).body();
                if (answer.isArray()) answer.forEach(n -> print(spec, n));
                else print(spec, answer);
            }
            return 0;
        }
    }

    @Command(name = "drain", description = "Move a node's service tasks elsewhere (start before stop) and give it "
            + "no new work; --undo puts it back to work.")
    static final class Node extends Drain {
        @Override
        String collection() {
            return "nodes";
        }
    }

    @Command(name = "drain", description = "Drain every ready node of a cluster; --undo puts them back to work.")
    static final class Cluster extends Drain {
        @Override
        String collection() {
            return "clusters";
        }
    }

    private static void print(CommandSpec spec, JsonNode n) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("node %s %s (%d tasks on it)%n", n.path("name").asText(), n.path("state").asText(), n.path("tasks").asInt());
        out.flush();
    }
}
