package io.layerx.provider.resource.agent;

import io.layerx.model.DesiredState;
import io.layerx.model.GpuDevice;
import io.layerx.model.Resources;
import io.layerx.model.TaskSpec;
import io.layerx.model.TaskState;
import io.layerx.usage.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The records of the agent protocol (docs/agent-protocol.md), shared by the server and the agent: both encode them
 * with the one {@link io.layerx.store.Codec} form.
 */
public final class AgentProtocol {

    /** Part of the refusal an agent gets when another agent took its node over: it stops what it runs. */
    public static final String TAKEN_OVER = "another agent took the node over";

    private AgentProtocol() {
    }

    /**
     * What an agent tells the server when it joins.
     *
     * @param address the base URL of the agent's own HTTP endpoint (task logs), e.g. {@code http://10.200.0.2:7471}
     * @param agent   the agent's identity: random, made once per data folder; a node is held by one agent, and a
     *                join under a name a live agent of another identity holds is refused. {@code ""} from agents
     *                older than this field (they hold whatever they join)
     */
    public record Join(String name, String cluster, Resources capacity, Map<String, String> labels, String address,
                       String agent, List<GpuDevice> gpus) {
        public Join {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            capacity = capacity == null ? Resources.ZERO : capacity;
            agent = agent == null ? "" : agent;
            gpus = gpus == null ? List.of() : List.copyOf(gpus);
        }

        /** A machine without GPUs. */
        public Join(String name, String cluster, Resources capacity, Map<String, String> labels, String address,
                    String agent) {
            this(name, cluster, capacity, labels, address, agent, List.of());
        }

        public Join(String name, String cluster, Resources capacity, Map<String, String> labels, String address) {
            this(name, cluster, capacity, labels, address, "");
        }
    }

    /**
     * The server's answer to a join.
     *
     * @param credential the node-scoped bearer token the agent uses from now on
     * @param logKey     the bearer token the server presents when it reads task logs from the agent
     * @param heartbeat  how often the agent heartbeats
     * @param grace      after how long without a heartbeat the node is lost
     */
    public record Joined(String node, String cluster, String credential, String logKey, Duration heartbeat,
                         Duration grace) {
    }

    /**
     * What an agent observes of one task.
     *
     * @param state    {@code starting}, {@code running}, {@code exited}, {@code failed} or {@code killed}
     * @param exitCode the exit code once exited, else {@code null}
     * @param reason   why it failed or was killed (e.g. {@code OOM}, {@code no such binary: foo})
     * @param usage    what it uses now (cgroups or the engine's stats), while it runs; {@code null} when not measured
     */
    public record Observed(String task, TaskState state, Integer exitCode, String reason, Usage usage) {
        public Observed {
            reason = reason == null ? "" : reason;
        }

        public Observed(String task, TaskState state, Integer exitCode, String reason) {
            this(task, state, exitCode, reason, null);
        }

        public Observed withUsage(Usage u) {
            return new Observed(task, state, exitCode, reason, u);
        }
    }

    /** A heartbeat: every task the agent knows of, as it observes it now (level-triggered). */
    public record Heartbeat(List<Observed> tasks) {
        public Heartbeat {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /** The answer to a heartbeat. */
    public record Ack(String node, Duration heartbeat, Duration grace) {
    }

    /** One task the core wants on the node: run it ({@code desired: run}) or stop it ({@code desired: stop}). */
    public record Assignment(String task, String job, long jobVersion, DesiredState desired, TaskState state,
                             Resources resources, Map<String, Integer> ports, TaskSpec spec, List<Integer> gpus) {
        public Assignment {
            ports = ports == null ? Map.of() : Map.copyOf(ports);
            gpus = gpus == null ? List.of() : List.copyOf(gpus);
        }

        /** A task that holds no GPU device. */
        public Assignment(String task, String job, long jobVersion, DesiredState desired, TaskState state,
                          Resources resources, Map<String, Integer> ports, TaskSpec spec) {
            this(task, job, jobVersion, desired, state, resources, ports, spec, List.of());
        }
    }

    /**
     * The node's whole desired set at {@code revision}: a task not listed must not run there.
     */
    public record Assignments(long revision, List<Assignment> tasks) {
        public Assignments {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }
}
