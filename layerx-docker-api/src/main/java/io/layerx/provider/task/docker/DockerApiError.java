package io.layerx.provider.task.docker;

/**
 * A refusal in the Docker Engine API's own terms: the HTTP status the docker CLI expects and the message it prints
 * ({@code Error response from daemon: MESSAGE}). Only this package throws it; {@link DockerApi} writes it as
 * {@code {"message": ...}}.
 */
final class DockerApiError extends RuntimeException {

    private final int status;

    DockerApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static DockerApiError badRequest(String message) {
        return new DockerApiError(400, message);
    }

    static DockerApiError noSuchContainer(String ref) {
        return new DockerApiError(404, "No such container: " + ref);
    }

    static DockerApiError conflict(String message) {
        return new DockerApiError(409, message);
    }

    /** What the Docker API has but LayerX does not do (yet): 501, with what to do instead. */
    static DockerApiError unsupported(String message) {
        return new DockerApiError(501, message);
    }
}
