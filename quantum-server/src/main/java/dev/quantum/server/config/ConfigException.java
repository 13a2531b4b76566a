package dev.quantum.server.config;

/** A configuration that cannot be used; the message starts with the JSON path at fault. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
