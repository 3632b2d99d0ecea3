package io.layerx.provider.task.mesos;

import io.layerx.model.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What the master knows of one framework. Mutable: only {@link MesosMaster} touches it, under its lock.
 */
final class Framework {

    /** A status update of one task still waiting for its ACKNOWLEDGE, and when it was last sent. */
    static final class Pending {
        final TaskStatus status;
        Instant sent;
        Duration backoff;

        Pending(TaskStatus status) {
            this.status = status;
        }
    }

    final String id;
    FrameworkInfo info;
    Subscriber subscriber;
    /** When its stream went away; {@code null} while connected. */
    Instant disconnected;
    boolean suppressed;
    /** Its last change of life, as {@code /v1/events} shows it: subscribed, failed_over or disconnected. */
    String change = "subscribed";
    /** Nodes it declined, until when (DECLINE's refuse_seconds). */
    final Map<String, Instant> refused = new HashMap<>();
    final Set<String> offers = new HashSet<>();
    /** Its tasks: Mesos task id to the LayerX job that runs it. */
    final Map<String, String> tasks = new LinkedHashMap<>();
    /** Per task, the updates not yet acknowledged, oldest first; only the head is sent. */
    final Map<String, Deque<Pending>> unacked = new HashMap<>();
    /** Per task, the last status it was told, to send each change once and to answer reconciliation. */
    final Map<String, TaskStatus> told = new HashMap<>();

    Framework(String id, FrameworkInfo info) {
        this.id = id;
        this.info = info;
    }

    boolean connected() {
        return subscriber != null && !subscriber.closed();
    }

    Duration failoverTimeout() {
        return info.hasFailoverTimeout() ? Duration.ofMillis((long) (info.getFailoverTimeout() * 1000)) : Duration.ZERO;
    }

    boolean partitionAware() {
        return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    /** The role its offers are allocated to: its first role, else {@code *}. */
    String role() {
        if (info.getRolesCount() > 0) return info.getRoles(0);
        return info.hasRole() ? info.getRole() : "*";
    }

    /** Its roles: FrameworkInfo.roles (MULTI_ROLE), else its one role, else {@code *}. */
    List<String> roles() {
        if (info.getRolesCount() > 0) return List.copyOf(info.getRolesList());
        return List.of(info.hasRole() ? info.getRole() : "*");
    }

    Deque<Pending> queueOf(String taskId) {
        return unacked.computeIfAbsent(taskId, k -> new ArrayDeque<>());
    }

    /** Its dominant share of {@code total}: what it holds and is offered, per dimension, at its largest (DRF). */
    static double dominantShare(Resources held, Resources total) {
        double cpu = total.cpu() == 0 ? 0 : (double) held.cpu() / total.cpu();
        double mem = total.memory() == 0 ? 0 : (double) held.memory() / total.memory();
        return Math.max(cpu, mem);
    }
}
