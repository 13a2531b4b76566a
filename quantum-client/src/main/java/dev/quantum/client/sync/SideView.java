package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
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
final class SideView extends AbstractMap<RelativePath, LocalEntry> implements NavigableMap<RelativePath, LocalEntry> {

    private final PathSides sides;
    private final ConcurrentNavigableMap<RelativePath, Object> range;
    private final boolean baseSide;

    SideView(PathSides sides, ConcurrentNavigableMap<RelativePath, Object> range, boolean baseSide) {
        this.sides = sides;
        this.range = range;
        this.baseSide = baseSide;
    }

    @Override
    public LocalEntry get(Object key) {
        return PathSides.side(range.get(key), baseSide);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public LocalEntry put(RelativePath key, LocalEntry value) {
        java.util.Objects.requireNonNull(value, "value");
        return sides.set(key, baseSide, value);
    }

    @Override
    public LocalEntry remove(Object key) {
        return key instanceof RelativePath path ? sides.set(path, baseSide, null) : null;
    }

    @Override
    public boolean isEmpty() {
        return firstEntry() == null;
    }

    @Override
    public Set<Entry<RelativePath, LocalEntry>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<RelativePath, LocalEntry>> iterator() {
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
                Iterator<Entry<RelativePath, LocalEntry>> entries = new Entries();
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

    /** The entries of this side, in the range's order. */
    private final class Entries implements Iterator<Entry<RelativePath, LocalEntry>> {
        private final Iterator<Entry<RelativePath, Object>> all = range.entrySet().iterator();
        private Entry<RelativePath, LocalEntry> next = advance();
        private RelativePath last;

        private Entry<RelativePath, LocalEntry> advance() {
            while (all.hasNext()) {
                Entry<RelativePath, Object> e = all.next();
                LocalEntry value = PathSides.side(e.getValue(), baseSide);
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
        public Entry<RelativePath, LocalEntry> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Entry<RelativePath, LocalEntry> current = next;
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

    private SideView over(ConcurrentNavigableMap<RelativePath, Object> sub) {
        return new SideView(sides, sub, baseSide);
    }

    @Override
    public Comparator<? super RelativePath> comparator() {
        return null;
    }

    @Override
    public Entry<RelativePath, LocalEntry> firstEntry() {
        Iterator<Entry<RelativePath, LocalEntry>> i = entrySet().iterator();
        return i.hasNext() ? i.next() : null;
    }

    @Override
    public Entry<RelativePath, LocalEntry> lastEntry() {
        return descendingMap().firstEntry();
    }

    @Override
    public Entry<RelativePath, LocalEntry> pollFirstEntry() {
        return poll(firstEntry());
    }

    @Override
    public Entry<RelativePath, LocalEntry> pollLastEntry() {
        return poll(lastEntry());
    }

    private Entry<RelativePath, LocalEntry> poll(Entry<RelativePath, LocalEntry> e) {
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

    private static RelativePath keyOf(Entry<RelativePath, LocalEntry> e) {
        if (e == null) {
            throw new NoSuchElementException();
        }
        return e.getKey();
    }

    @Override
    public Entry<RelativePath, LocalEntry> lowerEntry(RelativePath key) {
        return headMap(key, false).lastEntry();
    }

    @Override
    public Entry<RelativePath, LocalEntry> floorEntry(RelativePath key) {
        return headMap(key, true).lastEntry();
    }

    @Override
    public Entry<RelativePath, LocalEntry> ceilingEntry(RelativePath key) {
        return tailMap(key, true).firstEntry();
    }

    @Override
    public Entry<RelativePath, LocalEntry> higherEntry(RelativePath key) {
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

    private static RelativePath keyOrNull(Entry<RelativePath, LocalEntry> e) {
        return e == null ? null : e.getKey();
    }

    @Override
    public NavigableMap<RelativePath, LocalEntry> descendingMap() {
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
    public NavigableMap<RelativePath, LocalEntry> subMap(RelativePath from, boolean fromInclusive, RelativePath to, boolean toInclusive) {
        return over(range.subMap(from, fromInclusive, to, toInclusive));
    }

    @Override
    public NavigableMap<RelativePath, LocalEntry> headMap(RelativePath to, boolean inclusive) {
        return over(range.headMap(to, inclusive));
    }

    @Override
    public NavigableMap<RelativePath, LocalEntry> tailMap(RelativePath from, boolean inclusive) {
        return over(range.tailMap(from, inclusive));
    }

    @Override
    public SortedMap<RelativePath, LocalEntry> subMap(RelativePath from, RelativePath to) {
        return subMap(from, true, to, false);
    }

    @Override
    public SortedMap<RelativePath, LocalEntry> headMap(RelativePath to) {
        return headMap(to, false);
    }

    @Override
    public SortedMap<RelativePath, LocalEntry> tailMap(RelativePath from) {
        return tailMap(from, true);
    }
}
