package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import dev.quantum.core.Subtrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.BiPredicate;

/** {@link Tree} over a sorted map; see {@link Tree#view}. */
final class MapTree<V> implements Tree {

    private final NavigableMap<RelativePath, V> map;
    private final Function<V, Entry> entry;
    private final BiPredicate<RelativePath, Entry> visible;

    MapTree(NavigableMap<RelativePath, V> map, Function<V, Entry> entry, BiPredicate<RelativePath, Entry> visible) {
        this.map = map;
        this.entry = entry;
        this.visible = visible;
    }

    @Override
    public Optional<Entry> get(RelativePath path) {
        V value = map.get(path);
        if (value == null) {
            return Optional.empty();
        }
        Entry e = entry.apply(value);
        return visible.test(path, e) ? Optional.of(e) : Optional.empty();
    }

    @Override
    public List<RelativePath> within(RelativePath path) {
        List<RelativePath> out = new ArrayList<>();
        for (Map.Entry<RelativePath, V> e : Subtrees.of(map, path)) {
            if (visible.test(e.getKey(), entry.apply(e.getValue()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    @Override
    public List<RelativePath> paths() {
        List<RelativePath> out = new ArrayList<>();
        for (Map.Entry<RelativePath, V> e : map.entrySet()) {
            if (visible.test(e.getKey(), entry.apply(e.getValue()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }
}
