package dev.quantum.server.sync;

/** Changes after the requested {@code seq} are no longer retained; answered with 410 Gone. */
public final class ChangesExpiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long oldestRetained;

    public ChangesExpiredException(long since, long oldestRetained) {
        super("changes after seq " + since + " are no longer retained (oldest is " + oldestRetained
                + "); do a full list");
        this.oldestRetained = oldestRetained;
    }

    public long oldestRetained() {
        return oldestRetained;
    }
}
