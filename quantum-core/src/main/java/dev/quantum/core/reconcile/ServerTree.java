package dev.quantum.core.reconcile;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import java.util.ArrayList;
import java.util.Collection;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server's tree as a client knows it: a full listing taken at some {@code seq}, with
 * every later change of the log replayed on top, in order. Folders that a change implies
 * (the parents of a new file) exist even when the log does not mention them, as they do
 * on the server. Paths and entries equal to ones the {@link Sharing} knows are stored as
 * its instances, in the table it gives. Mutable and not thread-safe: one sync loop owns it.
 */
public final class ServerTree {

    private final NavigableMap<RelativePath, Entry> entries;
    private final ModifiedTimes modified = new ModifiedTimes();
    private final Sharing sharing;
    private long seq;

    /** A tree that keeps every path and entry as given. */
    public ServerTree() {
        this(Sharing.NONE);
    }

    public ServerTree(Sharing sharing) {
        this.sharing = java.util.Objects.requireNonNull(sharing, "sharing");
        this.entries = sharing.table();
        if (!entries.isEmpty() || entries.comparator() != null) {
            throw new IllegalArgumentException("a server tree needs an empty table in path order");
        }
    }

    /** The log position this tree reflects. */
    public long seq() {
        return seq;
    }

    /** A live, read-only view of the entries. */
    public NavigableMap<RelativePath, Entry> entries() {
        return Collections.unmodifiableNavigableMap(entries);
    }

    /** When the server says a file was last modified, if it said so since this tree was built. */
    public Optional<Instant> modified(RelativePath path) {
        return modified.get(path);
    }

    /** Replaces everything with a full listing taken at {@code seq}. */
    public void reset(Collection<FileMetadata> listing, long seq) {
        entries.clear();
        modified.clear();
        for (FileMetadata m : listing) {
            put(m);
        }
        this.seq = seq;
    }

    /** Replaces everything with {@code tree} (for instance the base) as of {@code seq}. */
    public void reset(Map<RelativePath, Entry> tree, long seq) {
        entries.clear();
        modified.clear();
        tree.forEach(this::put);
        this.seq = seq;
    }

    /**
     * Replays the change at {@code changeSeq} when it is newer than this tree; older ones
     * are already in it and are skipped.
     *
     * @return the paths whose subtrees may have changed (empty when skipped)
     */
    public Set<RelativePath> apply(long changeSeq, Operation operation) {
        if (changeSeq <= seq) {
            return Set.of();
        }
        seq = changeSeq;
        return apply(operation);
    }

    /** Replays a change whose position in the log is unknown; see {@link #apply(long, Operation)}. */
    public Set<RelativePath> apply(Operation operation) {
        Set<RelativePath> changed = new TreeSet<>();
        switch (operation) {
            case Operation.Create c -> changed.addAll(put(c.metadata()));
            case Operation.Update u -> changed.addAll(put(u.metadata()));
            case Operation.Delete d -> {
                removeWithin(d.path());
                changed.add(d.path());
            }
            case Operation.Move m -> {
                Map<RelativePath, Instant> times = new HashMap<>();
                modified.forEach((p, t) -> {
                    if (p.isWithin(m.from())) {
                        times.put(p.rebase(m.from(), m.to()), t);
                    }
                });
                NavigableMap<RelativePath, Entry> moved = removeWithin(m.from());
                removeWithin(m.to());
                changed.add(m.from());
                changed.add(m.to());
                moved.forEach((p, e) -> changed.addAll(put(p.rebase(m.from(), m.to()), e)));
                times.forEach((p, t) -> modified.put(sharing.path(p), t));
            }
        }
        return changed;
    }

    private Set<RelativePath> put(FileMetadata metadata) {
        RelativePath path = sharing.path(metadata.path());
        Set<RelativePath> changed = putShared(path, Entry.of(metadata));
        if (metadata.isDirectory()) {
            modified.remove(path);
        } else {
            modified.put(path, metadata.modified());
        }
        return changed;
    }

    /** Sets one entry (creating the folders it implies); returns the root of what changed. */
    public Set<RelativePath> put(RelativePath path, Entry entry) {
        return putShared(sharing.path(path), entry);
    }

    private Set<RelativePath> putShared(RelativePath path, Entry entry) {
        List<RelativePath> created = new ArrayList<>();
        for (Optional<RelativePath> p = path.parent(); p.isPresent(); p = p.get().parent()) {
            Entry existing = entries.get(p.get());
            if (existing != null && existing.isDirectory()) {
                break;
            }
            created.add(sharing.path(p.get()));
        }
        for (RelativePath folder : created.reversed()) {
            entries.remove(folder); // a file standing where a folder must be
            entries.put(folder, Entry.directory());
        }
        Entry previous = entries.get(path);
        if (previous != null && previous.isDirectory() && !entry.isDirectory()) {
            removeWithin(path);
        }
        entries.put(path, sharing.entry(path, entry));
        return created.isEmpty() ? Set.of(path) : Set.of(created.getLast());
    }

    /** Removes {@code path} and everything below it; returns what was removed. */
    public NavigableMap<RelativePath, Entry> removeWithin(RelativePath path) {
        NavigableMap<RelativePath, Entry> removed = new TreeMap<>();
        for (Map.Entry<RelativePath, Entry> e : entries.tailMap(path, true).entrySet()) {
            if (!e.getKey().isWithin(path)) {
                break;
            }
            removed.put(e.getKey(), e.getValue());
        }
        entries.keySet().removeAll(removed.keySet());
        removed.keySet().forEach(modified::remove);
        return removed;
    }
}
