package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The base and the scan cache of every path in one concurrent sorted map. A path whose
 * base and last scan hold equal entries (nearly every path of a folder in sync) costs
 * one map node, one key and one {@link LocalEntry}; only a path where they differ holds
 * a {@link Split}. {@link #base()} and {@link #local()} are live views that each read and
 * write one side. Thread-safe: every write is one atomic update of its path.
 */
final class PathSides {

    /** A path whose sides differ; a missing side is null (never both). */
    private record Split(LocalEntry base, LocalEntry local) {
    }

    private final ConcurrentSkipListMap<RelativePath, Object> map = new ConcurrentSkipListMap<>();
    private final NavigableMap<RelativePath, LocalEntry> base = new SideView(this, map, true);
    private final NavigableMap<RelativePath, LocalEntry> local = new SideView(this, map, false);

    /** What both sides last agreed on, per path. */
    NavigableMap<RelativePath, LocalEntry> base() {
        return base;
    }

    /** The last scan of every path. */
    NavigableMap<RelativePath, LocalEntry> local() {
        return local;
    }

    /** The key held for a path equal to {@code path} on either side, or {@code path} itself. */
    RelativePath key(RelativePath path) {
        RelativePath key = map.ceilingKey(path);
        return path.equals(key) ? key : path;
    }

    /** The entry of one side in a value of {@link #map}. */
    static LocalEntry side(Object value, boolean baseSide) {
        if (value == null || value instanceof LocalEntry) {
            return (LocalEntry) value;
        }
        Split split = (Split) value;
        return baseSide ? split.base() : split.local();
    }

    /** Sets one side of {@code path} ({@code null} removes it); returns what that side held. */
    LocalEntry set(RelativePath path, boolean baseSide, LocalEntry entry) {
        Objects.requireNonNull(path, "path");
        LocalEntry[] previous = new LocalEntry[1];
        map.compute(path, (p, value) -> {
            previous[0] = side(value, baseSide);
            return with(value, baseSide, entry);
        });
        return previous[0];
    }

    /** The range of the map a view reads. */
    ConcurrentNavigableMap<RelativePath, Object> all() {
        return map;
    }

    private static Object with(Object value, boolean baseSide, LocalEntry entry) {
        LocalEntry other = side(value, !baseSide);
        if (entry == null) {
            return other == null ? null : baseSide ? new Split(null, other) : new Split(other, null);
        }
        if (other == null) {
            return baseSide ? new Split(entry, null) : new Split(null, entry);
        }
        if (other.equals(entry)) {
            return other;
        }
        return baseSide ? new Split(entry, other) : new Split(other, entry);
    }
}
