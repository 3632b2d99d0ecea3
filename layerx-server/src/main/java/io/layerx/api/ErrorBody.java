package io.layerx.api;

import java.util.List;

/**
 * The one error shape of the HTTP API.
 *
 * @param error   what went wrong, for a person
 * @param details every problem found (empty when there is nothing more to say)
 */
public record ErrorBody(String error, List<String> details) {
    public ErrorBody {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static ErrorBody of(String error) {
        return new ErrorBody(error, List.of());
    }
}
