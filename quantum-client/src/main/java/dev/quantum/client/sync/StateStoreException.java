package dev.quantum.client.sync;

/** The state database cannot be read or written; the sync run must stop. */
public final class StateStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
