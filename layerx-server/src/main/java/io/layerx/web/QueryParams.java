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

    /** Null for an absent or empty parameter. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static LayerXException.Invalid bad(String problem) {
        return new LayerXException.Invalid("bad query", List.of(problem));
    }
}
