package dev.quantum.client.sync;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Which parts of the folder to look at again (relative on-disk paths, {@code ""} for the
 * root): everything; folders by their direct children ({@code shallow}) or with
 * everything below them ({@code deep}); or single entries ({@code entries}: the path
 * itself, and what is below it only when it is gone or new). Immutable.
 */
public record ScanRequest(boolean full, Set<Path> shallow, Set<Path> deep, Set<Path> entries) {

    public static final Path ROOT = Path.of("");

    public ScanRequest {
        shallow = Set.copyOf(Objects.requireNonNull(shallow, "shallow"));
        deep = Set.copyOf(Objects.requireNonNull(deep, "deep"));
        entries = Set.copyOf(Objects.requireNonNull(entries, "entries"));
    }

    public ScanRequest(boolean full, Set<Path> shallow, Set<Path> deep) {
        this(full, shallow, deep, Set.of());
    }

    public static ScanRequest everything() {
        return new ScanRequest(true, Set.of(), Set.of(), Set.of());
    }

    public static ScanRequest nothing() {
        return new ScanRequest(false, Set.of(), Set.of(), Set.of());
    }

    public boolean isEmpty() {
        return !full && shallow.isEmpty() && deep.isEmpty() && entries.isEmpty();
    }

    /** Both requests together. */
    public ScanRequest and(ScanRequest other) {
        if (full || other.full) {
            return everything();
        }
        return new ScanRequest(false, union(shallow, other.shallow), union(deep, other.deep), union(entries, other.entries));
    }

    private static Set<Path> union(Set<Path> a, Set<Path> b) {
        java.util.Set<Path> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }
}
