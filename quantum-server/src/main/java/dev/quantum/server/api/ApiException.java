package dev.quantum.server.api;

/** A request the API refuses with {@code status}; the message goes to the client as {@code {"error":…}}. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
