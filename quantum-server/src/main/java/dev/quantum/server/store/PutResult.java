package dev.quantum.server.store;

import dev.quantum.core.FileMetadata;
import dev.quantum.protocol.Change;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a write: the entry now committed, whether it was created (201) rather
 * than updated or already there (200), and the change it committed (none when the
 * content was identical). Immutable.
 */
public record PutResult(FileMetadata metadata, boolean created, Optional<Change> change) {
    public PutResult {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(change, "change");
    }
}
