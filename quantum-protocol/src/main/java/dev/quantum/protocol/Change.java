package dev.quantum.protocol;

import dev.quantum.core.Operation;
import java.util.Objects;

/** One entry of the change log as {@code GET /api/changes} returns it. Immutable. */
public record Change(long seq, Operation operation, String sourceClient) {
    public Change {
        Objects.requireNonNull(operation, "operation");
        if (seq <= 0) {
            throw new IllegalArgumentException("seq must be positive: " + seq);
        }
    }
}
