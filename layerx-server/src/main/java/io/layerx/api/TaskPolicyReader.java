package io.layerx.api;

import io.layerx.model.HealthCheck;
import io.layerx.model.RestartPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads the {@code restart} and {@code health} blocks of a job file's task; part of {@link TaskSpecReader}. */
final class TaskPolicyReader {

    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    private static final List<String> RESTART_FIELDS = List.of("policy", "maxRetries", "backoff", "maxBackoff");
    private static final List<String> POLICIES = List.of("always", "on-failure", "never");
    private static final List<String> HEALTH_FIELDS = List.of("type", "port", "path", "command", "interval", "timeout",
            "failures", "grace");
    private static final List<String> CHECKS = List.of("http", "tcp", "command");

    private TaskPolicyReader() {
    }

    /** The restart block: a policy, with backoff 1s doubling up to 1m unless given. */
    static RestartPolicy restart(Fields r) {
        r.rejectUnknown(RESTART_FIELDS);
        Optional<String> policy = r.choice("policy", POLICIES);
        if (policy.isEmpty() && !r.has("policy")) r.problem(r.path("policy") + " is required (always, on-failure or never)");
        OptionalLong retries = r.integer("maxRetries", 0, Integer.MAX_VALUE);
        Duration backoff = duration(r, "backoff", true).orElse(DEFAULT_BACKOFF);
        Duration max = duration(r, "maxBackoff", false).orElse(backoff.compareTo(DEFAULT_MAX_BACKOFF) > 0 ? backoff : DEFAULT_MAX_BACKOFF);
        if (max.compareTo(backoff) < 0) r.problem(r.path("maxBackoff") + " must be >= " + r.path("backoff"));
        if (policy.isEmpty()) return null;
        RestartPolicy.Mode mode = RestartPolicy.Mode.valueOf(policy.get().toUpperCase(Locale.ROOT).replace('-', '_'));
        if (retries.isPresent() && mode != RestartPolicy.Mode.ON_FAILURE) {
            r.problem(r.path("maxRetries") + " only applies to the on-failure policy");
        }
        return new RestartPolicy(mode, retries.isPresent() ? (int) retries.getAsLong() : null, backoff, max);
    }

    /** The health block: an http, tcp or command check. */
    static HealthCheck health(Fields h, List<String> portLabels) {
        h.rejectUnknown(HEALTH_FIELDS);
        Optional<String> type = h.choice("type", CHECKS);
        if (type.isEmpty() && !h.has("type")) h.problem(h.path("type") + " is required (http, tcp or command)");
        String port = h.text("port").orElse(null);
        List<String> command = h.stringList("command");
        HealthCheck.Kind kind = type.map(t -> HealthCheck.Kind.valueOf(t.toUpperCase(Locale.ROOT))).orElse(null);
        if (kind == HealthCheck.Kind.COMMAND && command.isEmpty()) h.problem(h.path("command") + " is required for a command check");
        if ((kind == HealthCheck.Kind.HTTP || kind == HealthCheck.Kind.TCP) && !portLabels.contains(port)) {
            h.problem(h.path("port") + " must be the label of one of the task's ports, got " + (port == null ? "none" : "'" + port + "'"));
        }
        String path = h.text("path").orElse(null);
        if (path != null && !path.startsWith("/")) h.problem(h.path("path") + " must start with /, got '" + path + "'");
        Optional<Duration> interval = duration(h, "interval", false);
        Optional<Duration> timeout = duration(h, "timeout", false);
        OptionalLong failures = h.integer("failures", 1, 100);
        Optional<Duration> grace = duration(h, "grace", true);
        if (kind == null) return null;
        return new HealthCheck(kind, port, path, command, interval.orElse(null), timeout.orElse(null),
                (int) failures.orElse(HealthCheck.DEFAULT_FAILURES), grace.orElse(null));
    }

    private static Optional<Duration> duration(Fields f, String field, boolean zeroOk) {
        Optional<String> text = f.text(field);
        if (text.isEmpty()) return Optional.empty();
        Optional<Duration> d = DurationText.parse(text.get());
        if (d.isEmpty()) {
            f.problem(f.path(field) + " '" + text.get() + "' must look like 500ms, 30s, 5m or PT30S");
        } else if (d.get().isNegative() || (!zeroOk && d.get().isZero())) {
            f.problem(f.path(field) + " must be longer than 0, got '" + text.get() + "'");
            return Optional.empty();
        }
        return d;
    }
}
