package dev.quantum.server.store;

import dev.quantum.core.FileMetadata;
import dev.quantum.protocol.Change;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a write: the entry now committed, whether it was created (201) rather
 * than updated or already there (200), and the changes it committed in seq order (the
 * folders created on the way first, the change of the entry itself last; none when the
 * content was identical). Immutable.
 */
public record PutResult(FileMetadata metadata, boolean created, List<Change> changes) {
    public PutResult {
        Objects.requireNonNull(metadata, "metadata");
        changes = List.copyOf(changes);
    }

    /** The change of the entry itself, the last one committed; empty when nothing changed. */
    public Optional<Change> change() {
        return changes.isEmpty() ? Optional.empty() : Optional.of(changes.getLast());
    }
}
