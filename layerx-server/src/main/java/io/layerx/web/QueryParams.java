package io.layerx.web;

import io.layerx.model.LayerXException;
import io.layerx.model.TaskState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads query parameters and headers; a bad value is a 400 that says what was expected. */
final class QueryParams {
    private QueryParams() {
    }

    /** A store revision: an integer >= 0. */
    static long revision(String name, String value) {
        try {
            long r = Long.parseLong(value.strip());
            if (r >= 0) return r;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(name + " must be a revision (an integer >= 0), got '" + value + "'");
    }

    /** A task state by its lower-case name; null when absent or empty. */
    static TaskState taskState(String value) {
        if (value == null || value.isBlank()) return null;
        for (TaskState s : TaskState.values()) {
            if (s.wire().equals(value.strip().toLowerCase(Locale.ROOT))) return s;
        }
        String all = Arrays.stream(TaskState.values()).map(TaskState::wire).collect(Collectors.joining(", "));
        throw bad("state '" + value + "' is not one of " + all);
    }

    /** A duration in milliseconds ({@code 20000}) or with a unit ({@code 20s}); {@code dflt} when absent. */
    static java.time.Duration duration(String name, String value, java.time.Duration dflt, java.time.Duration max) {
        if (value == null || value.isBlank()) return dflt;
        java.time.Duration d = null;
        try {
            d = java.time.Duration.ofMillis(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            d = io.layerx.api.DurationText.parse(value.strip()).orElse(null);
        }
        if (d == null || d.isNegative()) throw bad(name + " must be a duration such as 20s or 20000 (ms), got '" + value + "'");
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Null for an absent or empty parameter. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static LayerXException.Invalid bad(String problem) {
        return new LayerXException.Invalid("bad query", List.of(problem));
    }
}
