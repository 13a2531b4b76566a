package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Sharing;

/**
 * The paths and entries this client already holds for its own disk (the scan cache and
 * the base), handed out so that the server's tree stores one instance of each instead of
 * a copy. Reads a live table; safe from any thread.
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
        for (LocalEntry held : new LocalEntry[] {PathSides.side(value, false), PathSides.side(value, true)}) {
            if (held != null && held.entry().equals(entry)) {
                return held.entry();
            }
        }
        return entry;
    }
}
