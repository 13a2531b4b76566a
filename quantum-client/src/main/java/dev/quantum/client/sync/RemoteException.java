package dev.quantum.client.sync;

/** Why a request to the server failed; see {@link RemoteServer} for what each kind means to the caller. */
public abstract sealed class RemoteException extends Exception {
    private static final long serialVersionUID = 1L;

    RemoteException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The server cannot be reached or is overloaded (connection refused, timeout, 502/503/504). */
    public static final class Unavailable extends RemoteException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The path is not what the plan expected on the server any more (412 or 404). */
    public static final class Stale extends RemoteException {
        private static final long serialVersionUID = 1L;

        public Stale(String message) {
            super(message, null);
        }
    }

    /** The change log no longer holds changes that far back (410). */
    public static final class Expired extends RemoteException {
        private static final long serialVersionUID = 1L;

        public Expired(String message) {
            super(message, null);
        }
    }

    /** The server refused this request (any other error status); {@code status} is the HTTP status. */
    public static final class Rejected extends RemoteException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public Rejected(int status, String message) {
            super(message, null);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
