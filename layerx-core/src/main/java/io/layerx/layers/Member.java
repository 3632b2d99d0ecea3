package io.layerx.layers;

import io.layerx.model.HealthCheck;
import io.layerx.model.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One member of an image set: a container ({@code docker} driver: {@code image}, optional {@code command}) or a
 * process ({@code exec} driver: {@code command}) that runs on every node the set selects.
 *
 * @param backoff how long a member that ended waits before its second and later restarts (doubled per restart, up to
 *                eight times this); its first restart is at once
 */
public record Member(String name, String driver, String image, List<String> command, Map<String, String> env,
                     Resources resources, HealthCheck health, Duration backoff) {

    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    public Member {
        Objects.requireNonNull(name, "name");
        driver = driver == null ? (image != null ? "docker" : "exec") : driver;
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        resources = resources == null ? Resources.ZERO : resources;
        backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
    }
}
