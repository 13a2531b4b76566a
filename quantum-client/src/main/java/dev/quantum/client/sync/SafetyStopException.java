package dev.quantum.client.sync;

/** Syncing would risk the user's data (folder gone, suddenly empty); the run stops without touching the server. */
public final class SafetyStopException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SafetyStopException(String message) {
        super(message);
    }
}
