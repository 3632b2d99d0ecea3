package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import io.layerx.cli.output.Description;
import io.layerx.cli.output.OutputOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code layerx rebalance status|on|off}: continuous re-placement by live migration, within a budget. */
@Command(name = "rebalance", description = "Continuous re-placement: free whole nodes (binpack) or even out load "
        + "(spread) by live migration, within a budget of moves.",
        subcommands = {RebalanceCommand.Status.class, RebalanceCommand.On.class, RebalanceCommand.Off.class})
public final class RebalanceCommand {

    static String describe(JsonNode r) {
        return new Description()
                .field("Enabled", r.path("enabled").asText())
                .field("Mode", r.path("mode").asText())
                .field("Clusters", r.path("clusters").isEmpty() ? "the whole pool" : join(r.path("clusters")))
                .field("Budget", r.path("movesPerMinute").asText() + " moves per minute")
                .field("Min gain", r.path("minGain").asText() + " (spread)")
                .field("On arrival", r.path("onArrival").asBoolean()
                        ? "on (a task that would open a node may move one running task instead)" : "off")
                .field("Moves", r.path("moves").asText())
                .field("Refused", r.path("refused").asText())
                .render();
    }

    private static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return String.join(", ", out);
    }

    /** A rebalancer command: reads or sets the settings, then shows the rebalancer as the server answered. */
    abstract static class Shown implements Callable<Integer> {
        @Mixin
        ApiOptions api;

        @Mixin
        OutputOptions output;

        /** The rebalancer after the command, as the server answered. */
        abstract JsonNode act(ApiClient client);

        @Override
        public Integer call() {
            try (ApiClient client = api.client()) {
                output.printer().one(act(client), RebalanceCommand::describe);
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Show the rebalancer's settings and what it has done.")
    static final class Status extends Shown {
        @Override
        JsonNode act(ApiClient client) {
            return client.get("/v1/rebalancer");
        }
    }

    @Command(name = "on", description = "Turn the rebalancer on.")
    static final class On extends Shown {
        @Option(names = "--mode", defaultValue = "binpack", description = "binpack or spread (default: ${DEFAULT-VALUE})")
        String mode;

        @Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster (repeat for several; default: the whole pool)")
        List<String> clusters = new ArrayList<>();

        @Option(names = "--moves-per-minute", defaultValue = "30", description = "The budget (default: ${DEFAULT-VALUE})")
        int movesPerMinute;

        @Option(names = "--min-gain", defaultValue = "0.2",
                description = "spread: the least utilization gap worth a move, 0..1 (default: ${DEFAULT-VALUE})")
        double minGain;

        @Option(names = "--on-arrival", description = "binpack: also when a task arrives that would open an idle node, "
                + "move one running task to make room for it instead")
        boolean onArrival;

        @Option(names = "--on-arrival-only", description = "binpack: only the moves on arrival, no continuous re-placement")
        boolean onArrivalOnly;

        @Override
        JsonNode act(ApiClient client) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("enabled", !onArrivalOnly);
            body.put("onArrival", onArrival || onArrivalOnly);
            body.put("mode", mode);
            body.put("clusters", clusters);
            body.put("movesPerMinute", movesPerMinute);
            body.put("minGain", minGain);
            return client.putJson("/v1/rebalancer", body);
        }
    }

    @Command(name = "off", description = "Turn the rebalancer off (moves under way finish).")
    static final class Off extends Shown {
        @Override
        JsonNode act(ApiClient client) {
            return client.putJson("/v1/rebalancer", Map.of("enabled", false));
        }
    }
}
