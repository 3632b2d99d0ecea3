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

    /** The role its unreserved offers are allocated to: its first role (see {@link #roles}). */
    String role() {
        return roles().getFirst();
    }

    /**
     * Its roles, as Mesos reads them: {@code roles} for a MULTI_ROLE framework (none: it is offered nothing), else
     * its one {@code role}, {@code *} when unset.
     */
    List<String> roles() {
        if (hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE)) return List.copyOf(info.getRolesList());
        return List.of(info.hasRole() ? info.getRole() : "*");
    }

    /**
     * What is wrong with the roles of {@code info}, as Mesos validates them: {@code roles} only with MULTI_ROLE,
     * {@code role} only without, no duplicates, and valid names (not empty, {@code .} or {@code ..}, no leading
     * {@code -}, no whitespace, no empty {@code /} segment). Empty when they are fine.
     */
    static List<String> roleProblems(FrameworkInfo info) {
        List<String> out = new java.util.ArrayList<>();
        boolean multi = info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
        if (multi && info.hasRole()) out.add("'FrameworkInfo.role' must not be set when the framework has the MULTI_ROLE capability");
        if (!multi && info.getRolesCount() > 0) out.add("'FrameworkInfo.roles' needs the MULTI_ROLE capability");
        if (new java.util.HashSet<>(info.getRolesList()).size() != info.getRolesCount()) out.add("'FrameworkInfo.roles' contains duplicates");
        List<String> names = new java.util.ArrayList<>(info.getRolesList());
        if (info.hasRole()) names.add(info.getRole());
        for (String r : names) if (!validRole(r)) out.add("role '" + r + "' is not a valid role name");
        return out;
    }

    private static boolean validRole(String r) {
        if (r.equals("*")) return true;
        if (r.isEmpty() || r.startsWith("/") || r.endsWith("/") || r.contains("//") || r.chars().anyMatch(Character::isWhitespace)) return false;
        for (String part : r.split("/")) if (part.equals(".") || part.equals("..") || part.startsWith("-") || part.equals("*")) return false;
        return true;
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
