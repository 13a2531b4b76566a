package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.Subtrees;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Sharing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The base (what both sides last agreed on, per path) in memory, written through to the
 * {@link StateStore}, in one table with the scan cache ({@link #scanCache}) and the
 * server's tree ({@link #sharing}). Thread-safe: transfers record their results concurrently.
 */
final class Base {

    private final PathSides sides = new PathSides();
    private final NavigableMap<RelativePath, LocalEntry> entries = sides.base();
    private final StateStore store;

    Base(StateStore store) {
        this.store = store;
        store.loadBase().forEach(entries::put);
    }

    /**
     * The scan cache, kept in the same table as the base: a path whose base and last scan
     * are equal is held once. A live, writable view; see {@link PathSides}.
     */
    NavigableMap<RelativePath, LocalEntry> scanCache() {
        return sides.local();
    }

    /** Finds the paths and entries held here, and the server side of the table, for the (one) server's tree to share. */
    Sharing sharing() {
        return new HeldInstances(sides);
    }

    /** A live, read-only view. */
    NavigableMap<RelativePath, LocalEntry> entries() {
        return java.util.Collections.unmodifiableNavigableMap(entries);
    }

    /** Records an agreement in memory only (before a rename makes it true on disk); {@link #persist} follows. */
    void remember(RelativePath path, LocalEntry entry) {
        entries.put(path, entry);
    }

    /** Undoes a {@link #remember} whose rename failed: back to {@code previous}, or to nothing. */
    void restore(RelativePath path, LocalEntry previous) {
        if (previous == null) {
            entries.remove(path);
        } else {
            entries.put(path, previous);
        }
    }

    void persist(RelativePath path) {
        LocalEntry entry = entries.get(path);
        if (entry != null) {
            store.putBase(path, entry);
        }
    }

    /** Writes what {@link #remember} recorded for {@code paths} to the store, in one transaction. */
    void persist(java.util.Collection<RelativePath> paths) {
        Map<RelativePath, LocalEntry> batch = new java.util.TreeMap<>();
        for (RelativePath path : paths) {
            LocalEntry entry = entries.get(path);
            if (entry != null) {
                batch.put(path, entry);
            }
        }
        store.putBase(batch);
    }

    void put(RelativePath path, LocalEntry entry) {
        entries.put(path, entry);
        store.putBase(path, entry);
    }

    void put(RelativePath path, Entry entry, long modifiedNanos) {
        put(path, new LocalEntry(entry, modifiedNanos));
    }

    /** Forgets {@code path} and everything below it. */
    void remove(RelativePath path) {
        removeWithin(entries, path);
        store.removeBase(path);
    }

    void move(RelativePath from, RelativePath to) {
        removeWithin(entries, to);
        Map<RelativePath, LocalEntry> moved = removeWithin(entries, from);
        moved.forEach((p, e) -> entries.put(p.rebase(from, to), e));
        store.moveBase(from, to);
    }

    void reset() {
        entries.clear();
        store.resetBase();
    }

    long fileCount() {
        return entries.values().stream().filter(e -> e.entry().isFile()).count();
    }

    /** Removes {@code path} and everything below it from {@code map}; returns what was removed. */
    static <V> Map<RelativePath, V> removeWithin(NavigableMap<RelativePath, V> map, RelativePath path) {
        Map<RelativePath, V> removed = new java.util.TreeMap<>();
        List<RelativePath> keys = new ArrayList<>();
        for (Map.Entry<RelativePath, V> e : Subtrees.of(map, path)) {
            keys.add(e.getKey());
            removed.put(e.getKey(), e.getValue());
        }
        keys.forEach(map::remove);
        return removed;
    }
}
