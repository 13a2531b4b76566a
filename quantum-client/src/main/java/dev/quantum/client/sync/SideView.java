package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.Subtrees;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentNavigableMap;

/**
 * One side of a {@link PathSides} over a range of its paths, as a live sorted map.
 * Reads skip the paths the side does not hold, so {@link #size()} counts; writes go
 * to the whole table whatever the range. Iterators are weakly consistent, as the
 * underlying {@link java.util.concurrent.ConcurrentSkipListMap}'s. Key sets are plain
 * sets (not navigable).
 */
final class SideView<V> extends AbstractMap<RelativePath, V> implements NavigableMap<RelativePath, V>, Subtrees.Indexed<V> {

    private final PathSides sides;
    private final ConcurrentNavigableMap<RelativePath, Object> range;
    private final PathSides.Side side;

    SideView(PathSides sides, ConcurrentNavigableMap<RelativePath, Object> range, PathSides.Side side) {
        this.sides = sides;
        this.range = range;
        this.side = side;
    }

    /** This side's entry in a value of the table. */
    private V sideOf(Object value) {
        return as(PathSides.side(value, side));
    }

    @SuppressWarnings("unchecked") // a side holds one type of value; PathSides.set checks what goes in
    private V as(Object entry) {
        return (V) entry;
    }

    @Override
    public V get(Object key) {
        return sideOf(range.get(key));
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public V put(RelativePath key, V value) {
        java.util.Objects.requireNonNull(value, "value");
        return as(sides.set(key, side, value));
    }

    @Override
    public V remove(Object key) {
        return key instanceof RelativePath path ? as(sides.set(path, side, null)) : null;
    }

    @Override
    public boolean isEmpty() {
        return firstEntry() == null;
    }

    @Override
    public Set<Entry<RelativePath, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<RelativePath, V>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                int n = 0;
                for (Iterator<?> i = iterator(); i.hasNext(); i.next()) {
                    n++;
                }
                return n;
            }
        };
    }

    @Override
    public Set<RelativePath> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<RelativePath> iterator() {
                Iterator<Entry<RelativePath, V>> entries = new Entries();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public RelativePath next() {
                        return entries.next().getKey();
                    }

                    @Override
                    public void remove() {
                        entries.remove();
                    }
                };
            }

            @Override
            public int size() {
                return entrySet().size();
            }

            @Override
            public boolean contains(Object key) {
                return containsKey(key);
            }

            @Override
            public boolean remove(Object key) {
                return SideView.this.remove(key) != null;
            }

            /** One removal per element of {@code keys}, without counting this side first. */
            @Override
            public boolean removeAll(java.util.Collection<?> keys) {
                boolean changed = false;
                for (Object key : keys) {
                    changed |= remove(key);
                }
                return changed;
            }
        };
    }

    /**
     * This side's entries at {@code path} and below, reading the table only up to the end of
     * that subtree: a side that lacks many of the paths after it (files not yet uploaded, or
     * not yet in the base) is not walked past them to its next entry.
     */
    @Override
    public Iterable<Entry<RelativePath, V>> subtree(RelativePath path) {
        return () -> new Entries(Subtrees.until(range.tailMap(path, true).entrySet().iterator(), path));
    }

    /** The entries of this side, in the range's order. */
    private final class Entries implements Iterator<Entry<RelativePath, V>> {
        private final Iterator<Entry<RelativePath, Object>> all;
        private Entry<RelativePath, V> next;
        private RelativePath last;

        Entries() {
            this(range.entrySet().iterator());
        }

        Entries(Iterator<Entry<RelativePath, Object>> all) {
            this.all = all;
            this.next = advance();
        }

        private Entry<RelativePath, V> advance() {
            while (all.hasNext()) {
                Entry<RelativePath, Object> e = all.next();
                V value = sideOf(e.getValue());
                if (value != null) {
                    return new SimpleImmutableEntry<>(e.getKey(), value);
                }
            }
            return null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Entry<RelativePath, V> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Entry<RelativePath, V> current = next;
            last = current.getKey();
            next = advance();
            return current;
        }

        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException();
            }
            SideView.this.remove(last);
            last = null;
        }
    }

    // ---- navigation -------------------------------------------------------------------

    private SideView<V> over(ConcurrentNavigableMap<RelativePath, Object> sub) {
        return new SideView<>(sides, sub, side);
    }

    @Override
    public Comparator<? super RelativePath> comparator() {
        return null;
    }

    @Override
    public Entry<RelativePath, V> firstEntry() {
        Iterator<Entry<RelativePath, V>> i = entrySet().iterator();
        return i.hasNext() ? i.next() : null;
    }

    @Override
    public Entry<RelativePath, V> lastEntry() {
        return descendingMap().firstEntry();
    }

    @Override
    public Entry<RelativePath, V> pollFirstEntry() {
        return poll(firstEntry());
    }

    @Override
    public Entry<RelativePath, V> pollLastEntry() {
        return poll(lastEntry());
    }

    private Entry<RelativePath, V> poll(Entry<RelativePath, V> e) {
        if (e != null) {
            remove(e.getKey());
        }
        return e;
    }

    @Override
    public RelativePath firstKey() {
        return keyOf(firstEntry());
    }

    @Override
    public RelativePath lastKey() {
        return keyOf(lastEntry());
    }

    private static RelativePath keyOf(Entry<RelativePath, ?> e) {
        if (e == null) {
            throw new NoSuchElementException();
        }
        return e.getKey();
    }

    @Override
    public Entry<RelativePath, V> lowerEntry(RelativePath key) {
        return headMap(key, false).lastEntry();
    }

    @Override
    public Entry<RelativePath, V> floorEntry(RelativePath key) {
        return headMap(key, true).lastEntry();
    }

    @Override
    public Entry<RelativePath, V> ceilingEntry(RelativePath key) {
        return tailMap(key, true).firstEntry();
    }

    @Override
    public Entry<RelativePath, V> higherEntry(RelativePath key) {
        return tailMap(key, false).firstEntry();
    }

    @Override
    public RelativePath lowerKey(RelativePath key) {
        return keyOrNull(lowerEntry(key));
    }

    @Override
    public RelativePath floorKey(RelativePath key) {
        return keyOrNull(floorEntry(key));
    }

    @Override
    public RelativePath ceilingKey(RelativePath key) {
        return keyOrNull(ceilingEntry(key));
    }

    @Override
    public RelativePath higherKey(RelativePath key) {
        return keyOrNull(higherEntry(key));
    }

    private static RelativePath keyOrNull(Entry<RelativePath, ?> e) {
        return e == null ? null : e.getKey();
    }

    @Override
    public NavigableMap<RelativePath, V> descendingMap() {
        return over(range.descendingMap());
    }

    @Override
    public NavigableSet<RelativePath> navigableKeySet() {
        throw new UnsupportedOperationException("the key set of one side is not navigable; use keySet()");
    }

    @Override
    public NavigableSet<RelativePath> descendingKeySet() {
        throw new UnsupportedOperationException("the key set of one side is not navigable; use keySet()");
    }

    @Override
    public NavigableMap<RelativePath, V> subMap(RelativePath from, boolean fromInclusive, RelativePath to, boolean toInclusive) {
        return over(range.subMap(from, fromInclusive, to, toInclusive));
    }

    @Override
    public NavigableMap<RelativePath, V> headMap(RelativePath to, boolean inclusive) {
        return over(range.headMap(to, inclusive));
    }

    @Override
    public NavigableMap<RelativePath, V> tailMap(RelativePath from, boolean inclusive) {
        return over(range.tailMap(from, inclusive));
    }

    @Override
    public SortedMap<RelativePath, V> subMap(RelativePath from, RelativePath to) {
        return subMap(from, true, to, false);
    }

    @Override
    public SortedMap<RelativePath, V> headMap(RelativePath to) {
        return headMap(to, false);
    }

    @Override
    public SortedMap<RelativePath, V> tailMap(RelativePath from) {
        return tailMap(from, true);
    }
}
