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
 */
public record TaskSpec(
        String driver,
        List<String> command,
        String image,
        Map<String, String> env,
        Resources resources,
        List<PortRequest> ports,
        Duration duration) {

    public TaskSpec {
        driver = driver == null ? "exec" : driver;
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        resources = resources == null ? Resources.ZERO : resources;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
