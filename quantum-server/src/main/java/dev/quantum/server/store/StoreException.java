package dev.quantum.server.store;

import java.util.Objects;

/**
 * A request that does not fit the committed state, for one {@link Reason}; each reason
 * maps to one HTTP status (404, 409, 412, 413) or a WebSocket {@code Error}. The message
 * is safe to show clients. Immutable.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the store refused. */
    public enum Reason {
        /** The path (or version) does not exist. */
        NOT_FOUND,
        /** Something is in the way: a file where a folder is needed, an existing move target. */
        CONFLICT,
        /** {@code If-Match} / {@code If-None-Match} does not hold for the current version. */
        PRECONDITION_FAILED,
        /** The content is over the size limit. */
        TOO_LARGE
    }

    private final Reason reason;

    private StoreException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    static StoreException notFound(String message) {
        return new StoreException(Reason.NOT_FOUND, message);
    }

    static StoreException conflict(String message) {
        return new StoreException(Reason.CONFLICT, message);
    }

    static StoreException preconditionFailed(String message) {
        return new StoreException(Reason.PRECONDITION_FAILED, message);
    }

    static StoreException tooLarge(String message) {
        return new StoreException(Reason.TOO_LARGE, message);
    }

    public Reason reason() {
        return reason;
    }
}
