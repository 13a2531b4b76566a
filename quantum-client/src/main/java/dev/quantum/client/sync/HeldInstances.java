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
        LocalEntry held = sides.local().get(path);
        if (held == null || !held.entry().equals(entry)) {
            held = sides.base().get(path);
        }
        return held != null && held.entry().equals(entry) ? held.entry() : entry;
    }
}
