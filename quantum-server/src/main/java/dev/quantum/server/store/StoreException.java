package dev.quantum.server.store;

/**
 * A request that does not fit the committed state; each subtype maps to one HTTP status
 * (404, 409, 412, 413) or a WebSocket {@code Error}. The message is safe to show clients.
 */
public abstract sealed class StoreException extends RuntimeException
        permits StoreException.NotFound, StoreException.Conflict, StoreException.PreconditionFailed,
        StoreException.TooLarge {
    private static final long serialVersionUID = 1L;

    StoreException(String message) {
        super(message);
    }

    /** The path (or version) does not exist. */
    public static final class NotFound extends StoreException {
        private static final long serialVersionUID = 1L;

        public NotFound(String message) {
            super(message);
        }
    }

    /** Something is in the way: a file where a folder is needed, an existing move target. */
    public static final class Conflict extends StoreException {
        private static final long serialVersionUID = 1L;

        public Conflict(String message) {
            super(message);
        }
    }

    /** {@code If-Match} / {@code If-None-Match} does not hold for the current version. */
    public static final class PreconditionFailed extends StoreException {
        private static final long serialVersionUID = 1L;

        public PreconditionFailed(String message) {
            super(message);
        }
    }

    /** The content is over the size limit. */
    public static final class TooLarge extends StoreException {
        private static final long serialVersionUID = 1L;

        public TooLarge(String message) {
            super(message);
        }
    }
}
