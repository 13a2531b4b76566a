package dev.quantum.client.sync;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Which parts of the folder to look at again: everything, or some folders (relative
 * on-disk paths, {@code ""} for the root) either by their direct children only
 * ({@code shallow}) or with everything below them ({@code deep}). Immutable.
 */
public record ScanRequest(boolean full, Set<Path> shallow, Set<Path> deep) {

    public static final Path ROOT = Path.of("");

    public ScanRequest {
        shallow = Set.copyOf(Objects.requireNonNull(shallow, "shallow"));
        deep = Set.copyOf(Objects.requireNonNull(deep, "deep"));
    }

    public static ScanRequest everything() {
        return new ScanRequest(true, Set.of(), Set.of());
    }

    public boolean isEmpty() {
        return !full && shallow.isEmpty() && deep.isEmpty();
    }
}
