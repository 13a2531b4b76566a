package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Finds an instance equal to a path or an entry that is already held elsewhere (a
 * client's picture of its own disk), so that a tree stores it once instead of a copy.
 * {@link #path} and {@link #entry} only ever return their argument or a value equal to it.
 */
public interface Sharing {

    /** Shares nothing: every value is kept as given. */
    Sharing NONE = new Sharing() {
        @Override
        public RelativePath path(RelativePath path) {
            return path;
        }

        @Override
        public Entry entry(RelativePath path, Entry entry) {
            return entry;
        }
    };

    /** An instance equal to {@code path}, or {@code path} itself. */
    RelativePath path(RelativePath path);

    /** An instance equal to {@code entry} held for {@code path}, or {@code entry} itself. */
    Entry entry(RelativePath path, Entry entry);

    /**
     * An empty map sorted by path for one tree to keep its entries in: by default a new
     * {@link TreeMap}; a holder may give a view of its own table, so that a path it holds
     * with the same content costs one node for both.
     */
    default NavigableMap<RelativePath, Entry> table() {
        return new TreeMap<>();
    }
}
