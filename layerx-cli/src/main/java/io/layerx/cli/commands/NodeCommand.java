package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.output.Cells;
import io.layerx.cli.output.Column;
import io.layerx.cli.output.Description;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layerx node list|get|fail|drain|remove}. */
@Command(name = "node", description = "Inspect nodes; drain and remove them; fail simulated ones.",
        subcommands = {NodeCommand.ListNodes.class, NodeCommand.Get.class, NodeCommand.Fail.class,
                DrainCommand.Node.class, NodeCommand.Remove.class})
public final class NodeCommand {

    static List<Column> columns(Instant now) {
        return List.of(
                new Column("NAME", n -> Cells.text(n, "name")),
                new Column("CLUSTER", n -> Cells.text(n, "cluster")),
                new Column("STATE", n -> Cells.text(n, "state")),
                new Column("CPU", n -> Cells.usage(n, "cpu")),
                new Column("MEM", n -> Cells.usage(n, "memory")),
                new Column("TASKS", n -> Cells.text(n, "tasks")),
                new Column("AGE", n -> Cells.age(n, "joined", now)));
    }

    static String describe(JsonNode n, Instant now) {
        return new Description()
                .field("Name", Cells.text(n, "name"))
                .field("Cluster", Cells.text(n, "cluster"))
                .field("Provider", Cells.text(n, "provider"))
                .field("State", Cells.text(n, "state"))
                .field("Address", Cells.text(n, "address"))
                .field("Labels", Cells.pairs(n.path("labels")))
                .field("CPU", Cells.usage(n, "cpu"))
                .field("Memory", Cells.usage(n, "memory"))
                .field("CPU used", TopCommand.cpu(n.path("usage")))
                .field("CPU lent by use", n.hasNonNull("reclaimedCpu") ? n.get("reclaimedCpu").asLong() + "m beyond capacity"
                        + " (cpu over-commit by use: reservations less recent peak use and margin)" : "-")
                .field("Memory used", TopCommand.memory(n.path("usage")))
                .field("Tasks", Cells.text(n, "tasks"))
                .field("Joined", Cells.text(n, "joined") + " (" + Cells.age(n, "joined", now) + " ago)")
                .render();
    }

    @Command(name = "list", aliases = "ls", description = "List nodes.")
    static final class ListNodes extends Listing {
        @Option(names = "--cluster", paramLabel = "NAME", description = "Only the nodes of this cluster")
        String cluster;

        ListNodes() {
            super("/v1/nodes", "nodes", NodeCommand::columns);
        }

        @Override
        Map<String, String> query() {
            Map<String, String> query = new HashMap<>();
            query.put("cluster", cluster);
            return query;
        }
    }

    @Command(name = "get", description = "Show one node.")
    static final class Get extends Showing {
        Get() {
            super("/v1/nodes", NodeCommand::describe);
        }

        /** The node and, when it reports usage, what its tasks use beside what they reserve ({@code usage}). */
        @Override
        JsonNode fetch(ApiClient client) {
            JsonNode node = super.fetch(client);
            client.find("/v1/usage/nodes/" + ApiClient.segment(name))
                    .ifPresent(u -> ((com.fasterxml.jackson.databind.node.ObjectNode) node).set("usage", u));
            return node;
        }
    }

    @Command(name = "fail", description = "Fail a simulated node now: it becomes lost and its tasks are replaced.")
    static final class Fail extends NamedAction {
        @Override
        String act(ApiClient client) {
            JsonNode n = client.post("/v1/nodes/" + ApiClient.segment(name) + "/fail", "application/json",
                    new byte[0]).body();
            String state = Cells.text(n, "state");
            return "node " + name + " failed" + (state == null ? "" : " (now " + state + ")");
        }
    }

    @Command(name = "remove", aliases = "rm", description = "Remove a node once it is drained and runs nothing "
            + "(stop its agent first, or it joins again).")
    static final class Remove extends NamedAction {
        @Override
        String act(ApiClient client) {
            client.delete("/v1/nodes/" + ApiClient.segment(name));
            return "node " + name + " removed";
        }
    }
}
