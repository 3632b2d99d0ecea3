package io.layerx.provider.task.mesos;

import com.google.protobuf.ByteString;
import io.layerx.model.Constraint;
import io.layerx.model.DesiredState;
import io.layerx.model.Job;
import io.layerx.model.JobType;
import io.layerx.model.Placement;
import io.layerx.model.Resources;
import io.layerx.model.RestartPolicy;
import io.layerx.model.Strategy;
import io.layerx.model.Task;
import io.layerx.model.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;

/**
 * Between Mesos and LayerX words: a launched TaskInfo becomes a one-task batch job (restart never) pinned to the
 * offered node, run by that node's provider; a LayerX task's state becomes a Mesos TaskStatus; Mesos scalar
 * resources ({@code cpus}, {@code mem} MB, {@code disk} MB) are LayerX millicores and MiB.
 */
final class TaskMapping {
    /** The brain that places every Mesos task (the master submits its plans). */
    static final String BRAIN = "mesos";
    static final String FRAMEWORK_LABEL = "io.layerx.mesos.framework";
    static final String TASK_LABEL = "io.layerx.mesos.task";

    private TaskMapping() {
    }

    /** The job name of a framework's task: stable, so that a failed-over master finds it again. */
    static String jobName(String frameworkId, String taskId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((frameworkId + "\n" + taskId).getBytes(StandardCharsets.UTF_8));
            return "mesos-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static Resources resources(List<Resource> list) {
        double cpus = 0, mem = 0, disk = 0;
        for (Resource r : list) {
            if (r.getType() != Value.Type.SCALAR) continue;
            switch (r.getName()) {
                case "cpus" -> cpus += r.getScalar().getValue();
                case "mem" -> mem += r.getScalar().getValue();
                case "disk" -> disk += r.getScalar().getValue();
                default -> { }
            }
        }
        return new Resources(Math.round(cpus * 1000), Math.round(mem), Math.round(disk));
    }

    /**
     * {@code r} as offered resources allocated to {@code role}; {@code reservedTo} (or {@code null}: unreserved) is
     * the role the node is statically reserved to, shown as Mesos does (the reservation, and the pre-1.4 role field).
     */
    static List<Resource> resources(Resources r, String role, String reservedTo) {
        List<Resource> out = new ArrayList<>();
        out.add(scalar("cpus", r.cpu() / 1000.0, role, reservedTo));
        out.add(scalar("mem", r.memory(), role, reservedTo));
        if (r.disk() > 0) out.add(scalar("disk", r.disk(), role, reservedTo));
        return out;
    }

    private static Resource scalar(String name, double value, String role, String reservedTo) {
        Resource.Builder b = Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value))
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role));
        if (reservedTo != null) {
            b.setRole(reservedTo).addReservations(Resource.ReservationInfo.newBuilder()
                    .setType(Resource.ReservationInfo.Type.STATIC).setRole(reservedTo));
        }
        return b.build();
    }

    /** What is wrong with a TaskInfo LayerX cannot run; empty when it can. */
    static List<String> problems(TaskInfo t) {
        List<String> out = new ArrayList<>();
        if (t.getTaskId().getValue().isEmpty()) out.add("task_id must not be empty");
        if (!t.hasCommand() && !(t.hasContainer() && t.getContainer().hasDocker())) {
            out.add("task " + t.getTaskId().getValue() + " needs a command or a docker container (LayerX runs no executors)");
        }
        if (t.hasExecutor()) out.add("task " + t.getTaskId().getValue() + " names an executor; LayerX runs commands and containers only");
        Resources r = resources(t.getResourcesList());
        if (r.cpu() <= 0 || r.memory() <= 0) out.add("task " + t.getTaskId().getValue() + " needs cpus and mem resources");
        return out;
    }

    static Job job(String frameworkId, TaskInfo t, String node) {
        TaskSpec spec = spec(t);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(FRAMEWORK_LABEL, frameworkId);
        labels.put(TASK_LABEL, t.getTaskId().getValue());
        List<Constraint> pinned = List.of(new Constraint("node.name", Constraint.Operator.EQ, List.of(node)));
        return new Job(jobName(frameworkId, t.getTaskId().getValue()), JobType.BATCH, 1, Strategy.SPREAD,
                Job.DEFAULT_PRIORITY, labels, pinned, spec, 0, false, 0, null, Placement.NONE, BRAIN);
    }

    private static TaskSpec spec(TaskInfo t) {
        CommandInfo c = t.getCommand();
        List<String> command = new ArrayList<>();
        if (c.hasValue() || c.getArgumentsCount() > 0) {
            if (!c.hasShell() || c.getShell()) {
                command.addAll(List.of("/bin/sh", "-c", c.getValue()));
            } else {
                command.add(c.getValue());
                command.addAll(c.getArgumentsList().subList(Math.min(1, c.getArgumentsCount()), c.getArgumentsCount()));
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        c.getEnvironment().getVariablesList().forEach(v -> env.put(v.getName(), v.getValue()));
        boolean docker = t.hasContainer() && t.getContainer().getType() == ContainerInfo.Type.DOCKER && t.getContainer().hasDocker();
        RestartPolicy never = new RestartPolicy(RestartPolicy.Mode.NEVER, 0, Duration.ZERO, Duration.ZERO);
        return new TaskSpec(docker ? "docker" : "exec", command, docker ? t.getContainer().getDocker().getImage() : null,
                env, resources(t.getResourcesList()), List.of(), null, null, never, null);
    }

    /** The Mesos state of a LayerX task. */
    static TaskState state(Task t) {
        boolean stopped = t.desired() == DesiredState.STOP;
        return switch (t.state()) {
            case PENDING, ASSIGNED -> TaskState.TASK_STAGING;
            case STARTING -> TaskState.TASK_STARTING;
            case RUNNING -> TaskState.TASK_RUNNING;
            case EXITED -> stopped ? TaskState.TASK_KILLED
                    : t.exitCode() != null && t.exitCode() == 0 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
            case FAILED -> stopped ? TaskState.TASK_KILLED : TaskState.TASK_FAILED;
            case KILLED -> TaskState.TASK_KILLED;
            case LOST -> TaskState.TASK_LOST;
        };
    }

    static boolean terminal(TaskState s) {
        return switch (s) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_LOST, TASK_ERROR, TASK_DROPPED, TASK_GONE,
                 TASK_GONE_BY_OPERATOR, TASK_UNKNOWN -> true;
            default -> false;
        };
    }

    /** A status update with a fresh uuid: the framework must acknowledge it. */
    static TaskStatus update(String taskId, String node, TaskState state, String message, TaskStatus.Source source, Instant now) {
        TaskStatus.Builder b = status(taskId, node, state, message, source, now);
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return b.setUuid(ByteString.copyFrom(bytes.array())).build();
    }

    /** An update the master makes itself: no uuid, nothing to acknowledge. */
    static TaskStatus fromMaster(String taskId, String node, TaskState state, TaskStatus.Reason reason, String message, Instant now) {
        return status(taskId, node, state, message, TaskStatus.Source.SOURCE_MASTER, now).setReason(reason).build();
    }

    /** A reconciliation answer: no uuid, nothing to acknowledge. */
    static TaskStatus reconciled(String taskId, String node, TaskState state, String message, Instant now) {
        return status(taskId, node, state, message, TaskStatus.Source.SOURCE_MASTER, now)
                .setReason(TaskStatus.Reason.REASON_RECONCILIATION).build();
    }

    private static TaskStatus.Builder status(String taskId, String node, TaskState state, String message,
                                             TaskStatus.Source source, Instant now) {
        TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
                .setSource(source).setTimestamp(now.toEpochMilli() / 1000.0);
        if (node != null) b.setAgentId(AgentID.newBuilder().setValue(node));
        if (message != null && !message.isEmpty()) b.setMessage(message);
        return b;
    }
}
