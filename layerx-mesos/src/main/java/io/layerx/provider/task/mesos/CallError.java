package io.layerx.provider.task.mesos;

/**
 * A refused scheduler call, with the status and the plain-text message a Mesos master gives for it
 * (docs: scheduler-http-api.md, "Calls" and "Disconnections").
 */
final class CallError extends RuntimeException {
    private final int status;

    private CallError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static CallError badRequest(String message) {
        return new CallError(400, message);
    }

    static CallError forbidden(String message) {
        return new CallError(403, message);
    }

    static CallError notAcceptable(String message) {
        return new CallError(406, message);
    }

    static CallError unsupportedMediaType(String message) {
        return new CallError(415, message);
    }

    static CallError unavailable(String message) {
        return new CallError(503, message);
    }

    static CallError methodNotAllowed(String method) {
        return new CallError(405, "Expecting 'POST', received '" + method + "'");
    }
}
