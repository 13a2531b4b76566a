package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.Objects;

/** A path that could not be synced this time, and why in words a user understands. Immutable. */
public record Problem(RelativePath path, String reason) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
