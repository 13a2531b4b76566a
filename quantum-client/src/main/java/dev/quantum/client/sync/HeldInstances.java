package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Sharing;
import java.util.NavigableMap;

/**
 * The paths and entries this client already holds for its own disk (the scan cache and
 * the base), handed out so that the server's tree stores one instance of each instead of
 * a copy, and the server side of the same table for that tree to keep its entries in
 * (one tree per {@link Base}). Reads a live table; safe from any thread.
 */
final class HeldInstances implements Sharing {

    private final PathSides sides;

    HeldInstances(PathSides sides) {
        this.sides = sides;
    }

    @Override
    public RelativePath path(RelativePath path) {
        return sides.key(path);
    }

    @Override
    public Entry entry(RelativePath path, Entry entry) {
        Object value = sides.all().get(path);
        for (PathSides.Side side : PathSides.Side.values()) {
            Object held = PathSides.side(value, side);
            Entry heldEntry = held instanceof LocalEntry e ? e.entry() : (Entry) held;
            if (entry.equals(heldEntry)) {
                return heldEntry;
            }
        }
        return entry;
    }

    /** The server side of the same table: a path in sync on all three sides is one node and one entry. */
    @Override
    public NavigableMap<RelativePath, Entry> table() {
        return sides.server();
    }
}
