package dev.quantum.protocol;

/**
 * Input that does not follow the wire protocol or the API's JSON shapes: malformed
 * JSON, a missing field, a wrong type, an unknown message type or an invalid path. The
 * message names the field at fault and is safe to send back to the peer.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
