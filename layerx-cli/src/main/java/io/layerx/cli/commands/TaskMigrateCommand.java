package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.CommandError;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.http.ApiOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerx task migrate ID [--to NODE | --to-cluster NAME]}: live migration, start before stop. Waits until
 * the replacement runs and the original is stopped, or reports that the move failed (the original keeps running).
 */
@Command(name = "migrate", description = "Move a running task to another node or cluster: the replacement starts "
        + "first, the original stops once it runs.")
public final class TaskMigrateCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "ID", description = "The running task to move")
    String id;

    @ArgGroup
    Target target;

    static final class Target {
        @Option(names = "--to", paramLabel = "NODE", description = "Move it to this node")
        String node;

        @Option(names = "--to-cluster", paramLabel = "NAME", description = "Move it to the best node of this cluster")
        String cluster;
    }

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait for the move to finish, e.g. 30s or 2m; 0s: do not wait (default: ${DEFAULT-VALUE})")
    Duration wait;

    @Override
    public Integer call() {
        Duration limit = wait;
        Map<String, String> body = new HashMap<>();
        if (target != null && target.node != null) body.put("node", target.node);
        if (target != null && target.cluster != null) body.put("cluster", target.cluster);
        PrintWriter out = spec.commandLine().getOut();
        try (ApiClient client = api.client()) {
            JsonNode replacement = client.postJson("/v1/tasks/" + ApiClient.segment(id) + "/migrate", body).body();
            String rid = replacement.path("id").asText();
            out.printf("moving %s to %s as %s%n", id, replacement.path("node").asText(), rid);
            out.flush();
            if (limit.isZero()) return 0;
            Instant deadline = Instant.now().plus(limit);
            while (Instant.now().isBefore(deadline)) {
                JsonNode r = client.get("/v1/tasks/" + ApiClient.segment(rid));
                String state = r.path("state").asText();
                if (state.equals("failed") || state.equals("lost") || state.equals("killed") || state.equals("exited")) {
                    throw new CommandError("migration of " + id + " failed: the replacement " + rid + " is " + state
                            + " (" + r.path("reason").asText() + "); " + id + " keeps running");
                }
                JsonNode o = client.get("/v1/tasks/" + ApiClient.segment(id));
                if (state.equals("running") && !o.path("desired").asText().equals("run")) {
                    out.printf("moved %s to %s (%s)%n", id, r.path("node").asText(), rid);
                    return 0;
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
            throw new CommandError("the move of " + id + " to " + rid + " did not finish within " + wait
                    + "; it goes on: see layerx task get " + rid);
        }
    }
}
