package dev.quantum.server.store;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One row of the index: what the server has committed for a path. {@code mtimeNs} is
 * the exact disk time (used to notice edits); clients see it to the millisecond.
 * {@code version} is the seq of the change that last wrote the entry. Immutable.
 */
record IndexEntry(RelativePath path, long size, long mtimeNs, String sha256, boolean isDirectory, long version) {

    IndexEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }

    static IndexEntry directory(RelativePath path, long mtimeNs, long version) {
        return new IndexEntry(path, 0, mtimeNs, "", true, version);
    }

    FileMetadata metadata() {
        return new FileMetadata(path, size, modified(mtimeNs), sha256, isDirectory);
    }

    IndexEntry withVersion(long newVersion) {
        return new IndexEntry(path, size, mtimeNs, sha256, isDirectory, newVersion);
    }

    static Instant modified(long mtimeNs) {
        return Instant.ofEpochSecond(0, mtimeNs).truncatedTo(ChronoUnit.MILLIS);
    }
}
