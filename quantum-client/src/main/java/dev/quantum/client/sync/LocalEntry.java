package dev.quantum.client.sync;

import dev.quantum.core.reconcile.Entry;
import java.util.Objects;

/**
 * What a local path holds (or held when both sides last agreed on it): the entry and
 * the file's modification time in nanoseconds since the epoch (0 for a folder). An
 * unchanged size and modification time mean unchanged content, so the hash is reused.
 * Immutable.
 */
public record LocalEntry(Entry entry, long modifiedNanos) {

    private static final LocalEntry DIRECTORY = new LocalEntry(Entry.directory(), 0);

    public LocalEntry {
        Objects.requireNonNull(entry, "entry");
        if (entry.isDirectory()) {
            modifiedNanos = 0;
        }
    }

    public static LocalEntry directory() {
        return DIRECTORY;
    }

    /** True when a file with this size and modification time is known to hold this content. */
    public boolean sameStat(long size, long modifiedNanos) {
        return entry.isFile() && entry.size() == size && this.modifiedNanos == modifiedNanos;
    }
}
