package dev.quantum.core;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

/**
 * The entries of a sorted map of paths at one path and below it: a contiguous run in
 * {@link RelativePath}'s order, read from the path up to the first key outside it.
 */
public final class Subtrees {

    private Subtrees() {
    }

    /**
     * A map that can list a subtree faster than a walk up to its first key outside: a view
     * that leaves out some keys of a bigger map, where that walk would pass over every
     * left-out key that follows the subtree.
     */
    public interface Indexed<V> {

        /** The entries at {@code path} and below it, in order; live and weakly consistent, like the map's. */
        Iterable<Map.Entry<RelativePath, V>> subtree(RelativePath path);
    }

    /** The entries of {@code map} at {@code path} and below it, in order, as the map's iterators give them. */
    @SuppressWarnings("unchecked") // an Indexed map's values are the map's
    public static <V> Iterable<Map.Entry<RelativePath, V>> of(NavigableMap<RelativePath, V> map, RelativePath path) {
        if (map instanceof Indexed<?> indexed) {
            return ((Indexed<V>) indexed).subtree(path);
        }
        return () -> until(map.tailMap(path, true).entrySet().iterator(), path);
    }

    /** {@code entries} up to the first whose key is not within {@code path}. */
    public static <V> Iterator<Map.Entry<RelativePath, V>> until(Iterator<? extends Map.Entry<RelativePath, V>> entries,
                                                                 RelativePath path) {
        return new Iterator<>() {
            private Map.Entry<RelativePath, V> next = advance();

            private Map.Entry<RelativePath, V> advance() {
                if (!entries.hasNext()) {
                    return null;
                }
                Map.Entry<RelativePath, V> e = entries.next();
                return e.getKey().isWithin(path) ? e : null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map.Entry<RelativePath, V> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Map.Entry<RelativePath, V> current = next;
                next = advance();
                return current;
            }
        };
    }
}
