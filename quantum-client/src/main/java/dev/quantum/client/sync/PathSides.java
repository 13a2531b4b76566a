package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Entry;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The base, the scan cache and the server's tree of every path in one concurrent sorted
 * map. A path whose base and last scan hold equal entries and whose server entry is that
 * same content (nearly every path of a folder in sync) costs one map node, one key and
 * one {@link LocalEntry}; only a path where they differ holds a {@link Split}.
 * {@link #base()}, {@link #local()} and {@link #server()} are live views that each read
 * and write one side. Thread-safe: every write is one atomic update of its path.
 */
final class PathSides {

    /** One of the three pictures of a path. */
    enum Side { BASE, LOCAL, SERVER }

    /** A path whose sides do not all agree; a missing side is null (never all three). */
    private record Split(LocalEntry base, LocalEntry local, Entry server) {
    }

    private final ConcurrentSkipListMap<RelativePath, Object> map = new ConcurrentSkipListMap<>();
    private final NavigableMap<RelativePath, LocalEntry> base = new SideView<>(this, map, Side.BASE);
    private final NavigableMap<RelativePath, LocalEntry> local = new SideView<>(this, map, Side.LOCAL);
    private final NavigableMap<RelativePath, Entry> server = new SideView<>(this, map, Side.SERVER);

    /** What both sides last agreed on, per path. */
    NavigableMap<RelativePath, LocalEntry> base() {
        return base;
    }

    /** The last scan of every path. */
    NavigableMap<RelativePath, LocalEntry> local() {
        return local;
    }

    /** What the server holds, per path, as one tree of the loop knows it. */
    NavigableMap<RelativePath, Entry> server() {
        return server;
    }

    /** The key held for a path equal to {@code path} on any side, or {@code path} itself. */
    RelativePath key(RelativePath path) {
        RelativePath key = map.ceilingKey(path);
        return path.equals(key) ? key : path;
    }

    /** The entry of one side in a value of {@link #map}: a {@link LocalEntry}, or an {@link Entry} for the server. */
    static Object side(Object value, Side side) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalEntry agreed) {
            return side == Side.SERVER ? agreed.entry() : agreed;
        }
        Split split = (Split) value;
        return switch (side) {
            case BASE -> split.base();
            case LOCAL -> split.local();
            case SERVER -> split.server();
        };
    }

    /** Sets one side of {@code path} ({@code null} removes it); returns what that side held. */
    Object set(RelativePath path, Side side, Object entry) {
        Objects.requireNonNull(path, "path");
        if (entry != null && !(side == Side.SERVER ? entry instanceof Entry : entry instanceof LocalEntry)) {
            throw new ClassCastException("a " + side + " side holds no " + entry.getClass().getSimpleName());
        }
        Object[] previous = new Object[1];
        map.compute(path, (p, value) -> {
            previous[0] = side(value, side);
            return with(value, side, entry);
        });
        return previous[0];
    }

    /** The range of the map a view reads. */
    ConcurrentNavigableMap<RelativePath, Object> all() {
        return map;
    }

    private static Object with(Object value, Side side, Object entry) {
        LocalEntry base = (LocalEntry) (side == Side.BASE ? entry : side(value, Side.BASE));
        LocalEntry local = (LocalEntry) (side == Side.LOCAL ? entry : side(value, Side.LOCAL));
        Entry server = (Entry) (side == Side.SERVER ? entry : side(value, Side.SERVER));
        if (base == null && local == null && server == null) {
            return null;
        }
        if (base != null && base.equals(local)) { // keep the instance already held
            LocalEntry agreed = side == Side.LOCAL ? base : local;
            return agreed.entry().equals(server) ? agreed : new Split(agreed, agreed, server);
        }
        return new Split(base, local, server);
    }
}
