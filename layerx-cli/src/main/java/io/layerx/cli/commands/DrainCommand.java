package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code layerx node drain NAME} and {@code layerx cluster drain NAME}: the node (or every node of the cluster)
 * takes no new work, and its running service tasks move elsewhere, start before stop. {@code --undo} puts it back.
 */
final class DrainCommand {

    private DrainCommand() {
    }

    /** What both drain commands take and do; {@code collection} is where the named object lives in the API. */
    abstract static class Drain extends NamedAction {
        @Option(names = "--undo", description = "Put it back to work")
        boolean undo;

        abstract String collection();

        @Override
        String act(ApiClient client) {
            String path = "/v1/" + collection() + "/" + ApiClient.segment(name) + (undo ? "/undrain" : "/drain");
            JsonNode answer = client.post(path, "application/json", new byte[0]).body();
            List<JsonNode> nodes = new ArrayList<>();
            if (answer.isArray()) answer.forEach(nodes::add); else nodes.add(answer);
            return String.join(System.lineSeparator(), nodes.stream().map(n -> "node %s %s (%d tasks on it)".formatted(
                    n.path("name").asText(), n.path("state").asText(), n.path("tasks").asInt())).toList());
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
}
