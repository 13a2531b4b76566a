package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import java.io.IOException;

/** The disk no longer holds what a plan expected at a path (someone edited it meanwhile); nothing was changed. */
public final class LocalChangedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient RelativePath path;

    public LocalChangedException(RelativePath path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    public RelativePath path() {
        return path;
    }
}
