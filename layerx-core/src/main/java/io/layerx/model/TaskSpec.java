package io.layerx.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one task of a job runs.
 *
 * @param driver   how the node runs it: {@code exec} (a process), {@code docker} (a container); simulated nodes
 *                 accept every driver and run nothing
 * @param duration for batch work on simulated nodes: how long a task runs before it exits 0; {@code null} runs
 *                 until stopped
 * @param workdir  exec driver: the working folder of the process; {@code null} for the task's own folder on the node
 * @param restart  when ended tasks are replaced; {@code null} for {@link RestartPolicy#defaultFor} the job's type
 * @param health   how the node checks the running task; {@code null} for no check
 */
public record TaskSpec(
        String driver,
        List<String> command,
        String image,
        Map<String, String> env,
        Resources resources,
        List<PortRequest> ports,
        Duration duration,
        String workdir,
        RestartPolicy restart,
        HealthCheck health) {

    public TaskSpec {
        driver = driver == null ? "exec" : driver;
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        resources = resources == null ? Resources.ZERO : resources;
        ports = ports == null ? List.of() : List.copyOf(ports);
        workdir = workdir == null || workdir.isBlank() ? null : workdir;
    }

    /** A spec with the default restart policy and no health check. */
    public TaskSpec(String driver, List<String> command, String image, Map<String, String> env, Resources resources,
                    List<PortRequest> ports, Duration duration, String workdir) {
        this(driver, command, image, env, resources, ports, duration, workdir, null, null);
    }

    /** A spec without a working folder. */
    public TaskSpec(String driver, List<String> command, String image, Map<String, String> env, Resources resources,
                    List<PortRequest> ports, Duration duration) {
        this(driver, command, image, env, resources, ports, duration, null);
    }

    /** The restart policy in force for a job of {@code type}. */
    public RestartPolicy restartFor(JobType type) {
        return restart != null ? restart : RestartPolicy.defaultFor(type);
    }

    /** The same spec with another reservation. */
    public TaskSpec withResources(Resources size) {
        return new TaskSpec(driver, command, image, env, size, ports, duration, workdir, restart, health);
    }
}
