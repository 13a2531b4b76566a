package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Sharing;
import java.util.NavigableMap;

/**
 * The paths and entries this client already holds for its own disk (the scan cache, then
 * the base), handed out so that the server's tree and the base store one instance of
 * each instead of a copy per side. Reads live maps; safe from any thread.
 */
final class HeldInstances implements Sharing {

    private final NavigableMap<RelativePath, LocalEntry> cache;
    private final NavigableMap<RelativePath, LocalEntry> base;

    HeldInstances(NavigableMap<RelativePath, LocalEntry> cache, NavigableMap<RelativePath, LocalEntry> base) {
        this.cache = cache;
        this.base = base;
    }

    @Override
    public RelativePath path(RelativePath path) {
        RelativePath held = keyIn(cache, path);
        if (held == path) {
            held = keyIn(base, path);
        }
        return held;
    }

    @Override
    public Entry entry(RelativePath path, Entry entry) {
        LocalEntry held = cache.get(path);
        if (held == null || !held.entry().equals(entry)) {
            held = base.get(path);
        }
        return held != null && held.entry().equals(entry) ? held.entry() : entry;
    }

    /** The key of {@code map} equal to {@code path}, or {@code path} itself when there is none. */
    static RelativePath keyIn(NavigableMap<RelativePath, ?> map, RelativePath path) {
        RelativePath key = map.ceilingKey(path);
        return path.equals(key) ? key : path;
    }
}
