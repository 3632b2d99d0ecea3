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

    @Command(name = "drain", description = "Move a node's service tasks elsewhere (start before stop) and give it "
            + "no new work; --undo puts it back to work.")
    static final class Node implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--undo", description = "Put a draining node back to work")
        boolean undo;

        @Override
        public Integer call() {
            try (ApiClient client = api.client()) {
                String path = "/v1/nodes/" + ApiClient.segment(name) + (undo ? "/undrain" : "/drain");
                JsonNode n = client.post(path, "application/json", new byte[0]).body();
                print(spec, n);
            }
            return 0;
        }
    }

    @Command(name = "drain", description = "Drain every ready node of a cluster; --undo puts them back to work.")
    static final class Cluster implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--undo", description = "Put the cluster's draining nodes back to work")
        boolean undo;

        @Override
        public Integer call() {
            try (ApiClient client = api.client()) {
                String path = "/v1/clusters/" + ApiClient.segment(name) + (undo ? "/undrain" : "/drain");
                for (JsonNode n : client.post(path, "application/json", new byte[0]).body()) print(spec, n);
            }
            return 0;
        }
    }

    private static void print(CommandSpec spec, JsonNode n) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("node %s %s (%d tasks on it)%n", n.path("name").asText(), n.path("state").asText(), n.path("tasks").asInt());
        out.flush();
    }
}
