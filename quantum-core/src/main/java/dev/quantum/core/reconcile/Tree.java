package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.BiPredicate;

/**
 * A read-only view of one side of a synced folder: path → {@link Entry}, sorted so that
 * a folder comes directly before its contents. Views over mutable maps reflect them, so
 * callers must not change the map while a reconcile reads it.
 */
public interface Tree {

    Optional<Entry> get(RelativePath path);

    /** {@code path} itself (when present) and everything below it, in path order. */
    List<RelativePath> within(RelativePath path);

    /** Every path, in path order. */
    List<RelativePath> paths();

    /** The direct children of {@code parent}, or the top-level entries when it is empty. */
    default List<RelativePath> children(Optional<RelativePath> parent) {
        List<RelativePath> candidates = parent.map(this::within).orElseGet(this::paths);
        int depth = parent.map(p -> p.segments().size() + 1).orElse(1);
        List<RelativePath> out = new ArrayList<>();
        for (RelativePath p : candidates) {
            if (p.segments().size() == depth) {
                out.add(p);
            }
        }
        return out;
    }

    /** A tree holding a copy of {@code entries}. */
    static Tree of(Map<RelativePath, Entry> entries) {
        return new MapTree<>(new TreeMap<>(entries), Function.identity(), (p, e) -> true);
    }

    /**
     * A live view of {@code map}: each value turned into an entry by {@code entry}, and
     * entries for which {@code visible} is false (ignored ones) left out.
     */
    static <V> Tree view(NavigableMap<RelativePath, V> map, Function<V, Entry> entry, BiPredicate<RelativePath, Entry> visible) {
        return new MapTree<>(map, entry, visible);
    }
}
