package io.layerx.cli;

import java.util.List;

/**
 * A failure to show the user as one line, {@code Error: MESSAGE}, followed by each detail on its own indented line;
 * the command exits with 1. Never carries a stack trace to the terminal.
 */
public final class CommandError extends RuntimeException {

    private final List<String> details;

    public CommandError(String message, List<String> details) {
        super(message, null, false, false);
        this.details = List.copyOf(details);
    }

    public CommandError(String message) {
        this(message, List.of());
    }

    public List<String> details() {
        return details;
    }
}
