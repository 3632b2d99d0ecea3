package io.layerx.model;

import java.util.List;

/**
 * The failures the application reports to its callers. HTTP status codes are decided at the edge, from the type.
 */
public sealed abstract class LayerXException extends RuntimeException
        permits LayerXException.NotFound, LayerXException.Conflict, LayerXException.Invalid,
        LayerXException.Unavailable, LayerXException.Unauthorized, LayerXException.Forbidden {

    protected LayerXException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Every problem found, for the error body's {@code details}. */
    public List<String> details() {
        return List.of();
    }

    public static final class NotFound extends LayerXException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    /** A version check failed or the thing already exists; re-read and retry. */
    public static final class Conflict extends LayerXException {
        public Conflict(String message) {
            super(message, null);
        }
    }

    /** Bad input; lists every problem at once. */
    public static final class Invalid extends LayerXException {
        private final List<String> problems;

        public Invalid(String message, List<String> problems) {
            super(message, null);
            this.problems = List.copyOf(problems);
        }

        @Override
        public List<String> details() {
            return problems;
        }
    }

    /** Infrastructure failed (store, provider); retrying may help. */
    public static final class Unavailable extends LayerXException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Missing or wrong credentials. */
    public static final class Unauthorized extends LayerXException {
        public Unauthorized(String message) {
            super(message, null);
        }
    }

    /** Valid credentials whose role may not do this. */
    public static final class Forbidden extends LayerXException {
        public Forbidden(String message) {
            super(message, null);
        }
    }
}
