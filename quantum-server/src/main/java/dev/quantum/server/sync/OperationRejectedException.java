package dev.quantum.server.sync;

/**
 * A client-sent operation that does not fit the committed state (or is not allowed);
 * the message is safe to send back to the client as a WebSocket {@code Error}.
 */
public final class OperationRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OperationRejectedException(String message) {
        super(message);
    }
}
