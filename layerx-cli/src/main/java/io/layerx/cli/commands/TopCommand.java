package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.output.Cells;
import io.layerx.cli.output.Column;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code layerx top nodes|tasks}: what runs uses, beside what it reserves, as the nodes last reported it. */
@Command(name = "top", description = "Show live use beside reservations, as the nodes report it every heartbeat.",
        subcommands = {TopCommand.Nodes.class, TopCommand.Tasks.class})
public final class TopCommand {

    /** Millicores used, e.g. {@code 498m}. */
    static String cpuUsed(JsonNode used) {
        JsonNode v = used.path("cpu");
        return v.isNumber() ? v.asLong() + "m" : null;
    }

    /** Working set bytes as MiB, e.g. {@code 201Mi}. */
    static String memoryUsed(JsonNode used, String field) {
        JsonNode v = used.path(field);
        return v.isNumber() ? ((v.asLong() + (1 << 19)) >> 20) + "Mi" : null;
    }

    /** {@code use of reservation}, e.g. {@code 498m of 1000m (50%)}. */
    static String ofReserved(String used, long usedValue, String reserved, long reservedValue) {
        if (used == null) return null;
        if (reserved == null || reservedValue <= 0) return used + " (no reservation)";
        return used + " of " + reserved + " (" + Math.round(100.0 * usedValue / reservedValue) + "%)";
    }

    static String cpu(JsonNode u) {
        return ofReserved(cpuUsed(u.path("used")), u.path("used").path("cpu").asLong(),
                Cells.cpu(u.path("reserved")), u.path("reserved").path("cpu").asLong());
    }

    static String memory(JsonNode u) {
        return ofReserved(memoryUsed(u.path("used"), "memory"), u.path("used").path("memory").asLong() >> 20,
                Cells.memory(u.path("reserved")), u.path("reserved").path("memory").asLong());
    }

    static List<Column> nodeColumns(Instant now) {
        return List.of(
                new Column("NODE", n -> Cells.text(n, "node")),
                new Column("CPU USED", n -> cpuUsed(n.path("used"))),
                new Column("CPU RESERVED", n -> Cells.cpu(n.path("reserved"))),
                new Column("CPU CAPACITY", n -> Cells.cpu(n.path("capacity"))),
                new Column("MEM USED", n -> memoryUsed(n.path("used"), "memory")),
                new Column("MEM RESERVED", n -> Cells.memory(n.path("reserved"))),
                new Column("MEM CAPACITY", n -> Cells.memory(n.path("capacity"))),
                new Column("TASKS", n -> Integer.toString(n.path("tasks").size())));
    }

    static List<Column> taskColumns(Instant now) {
        return List.of(
                new Column("TASK", t -> Cells.text(t, "task")),
                new Column("JOB", t -> Cells.text(t, "job")),
                new Column("NODE", t -> Cells.text(t, "node")),
                new Column("CPU USED", t -> cpuUsed(t.path("used"))),
                new Column("CPU RESERVED", t -> Cells.cpu(t.path("reserved"))),
                new Column("MEM USED", t -> memoryUsed(t.path("used"), "memory")),
                new Column("RSS", t -> memoryUsed(t.path("used"), "rss")),
                new Column("MEM RESERVED", t -> Cells.memory(t.path("reserved"))),
                new Column("PIDS", t -> Cells.text(t.path("used"), "pids")));
    }

    @Command(name = "nodes", description = "Each node's use, reservations and capacity.")
    static final class Nodes extends Listing {
        Nodes() {
            super("/v1/usage/nodes", "nodes that report usage", TopCommand::nodeColumns);
        }
    }

    @Command(name = "tasks", description = "Each running task's use beside its reservation.")
    static final class Tasks extends Listing {
        @Option(names = "--job", paramLabel = "NAME", description = "Only tasks of this job")
        String job;

        @Option(names = "--node", paramLabel = "NAME", description = "Only tasks on this node")
        String node;

        Tasks() {
            super("/v1/usage/tasks", "measured tasks", TopCommand::taskColumns);
        }

        @Override
        Map<String, String> query() {
            Map<String, String> query = new HashMap<>();
            query.put("job", job);
            query.put("node", node);
            return query;
        }
    }
}
