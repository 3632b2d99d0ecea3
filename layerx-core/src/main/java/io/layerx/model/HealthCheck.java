package io.layerx.model;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the node checks that a running task is healthy: an HTTP GET that answers 2xx or 3xx, a TCP connection that
 * opens, or a command (run in the task's folder) that exits 0. Checks start {@code grace} after the task started, then
 * run every {@code interval}, each within {@code timeout}; after {@code failures} failed checks in a row the task is
 * killed and reported failed ({@code unhealthy: ...}), and its job replaces it per its restart policy.
 *
 * @param port    http, tcp: the label of one of the task's ports (on the node's loopback)
 * @param path    http: the path to GET
 * @param command command: the program and its arguments
 */
public record HealthCheck(Kind kind, String port, String path, List<String> command, Duration interval,
                          Duration timeout, int failures, Duration grace) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_FAILURES = 3;

    public enum Kind {
        HTTP, TCP, COMMAND;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HealthCheck {
        Objects.requireNonNull(kind, "kind");
        command = command == null ? List.of() : List.copyOf(command);
        path = kind == Kind.HTTP && (path == null || path.isBlank()) ? "/" : path;
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        failures = failures <= 0 ? DEFAULT_FAILURES : failures;
        grace = grace == null ? Duration.ZERO : grace;
    }
}
