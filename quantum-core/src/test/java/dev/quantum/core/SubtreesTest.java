package dev.quantum.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SubtreesTest {

    @Test
    void a_plain_map_is_read_from_the_path_to_the_first_key_outside_it_and_no_further() {
        AtomicInteger read = new AtomicInteger();
        NavigableMap<RelativePath, Integer> map = new TreeMap<>() {
            @Override
            public NavigableMap<RelativePath, Integer> tailMap(RelativePath from, boolean inclusive) {
                NavigableMap<RelativePath, Integer> tail = super.tailMap(from, inclusive);
                return new TreeMap<>(tail) {
                    @Override
                    public Set<Map.Entry<RelativePath, Integer>> entrySet() {
                        Set<Map.Entry<RelativePath, Integer>> entries = super.entrySet();
                        return new java.util.AbstractSet<>() {
                            @Override
                            public Iterator<Map.Entry<RelativePath, Integer>> iterator() {
                                Iterator<Map.Entry<RelativePath, Integer>> i = entries.iterator();
                                return new Iterator<>() {
                                    @Override
                                    public boolean hasNext() {
                                        return i.hasNext();
                                    }

                                    @Override
                                    public Map.Entry<RelativePath, Integer> next() {
                                        read.incrementAndGet();
                                        return i.next();
                                    }
                                };
                            }

                            @Override
                            public int size() {
                                return entries.size();
                            }
                        };
                    }
                };
            }
        };
        for (String p : List.of("a", "a/b", "a/b/c", "a/b/c/d", "a/bb", "a/c", "b", "c", "d")) {
            map.put(RelativePath.of(p), p.length());
        }

        assertThat(keys(map, "a/b")).containsExactly("a/b", "a/b/c", "a/b/c/d");
        assertThat(read).hasValue(4); // the three, and a/bb, the first key outside
        assertThat(keys(map, "a")).containsExactly("a", "a/b", "a/b/c", "a/b/c/d", "a/bb", "a/c");
        assertThat(keys(map, "a/x")).isEmpty();
        assertThat(keys(map, "d")).containsExactly("d");
    }

    @Test
    void an_indexed_map_answers_for_itself() {
        class Indexed extends TreeMap<RelativePath, Integer> implements Subtrees.Indexed<Integer> {
            @Override
            public Iterable<Map.Entry<RelativePath, Integer>> subtree(RelativePath path) {
                return List.of(Map.entry(RelativePath.of("answered"), 1));
            }
        }
        Indexed map = new Indexed();
        map.put(RelativePath.of("a"), 1);

        assertThat(keys(map, "a")).containsExactly("answered");
    }

    private static List<String> keys(NavigableMap<RelativePath, Integer> map, String path) {
        List<String> out = new ArrayList<>();
        Subtrees.of(map, RelativePath.of(path)).forEach(e -> out.add(e.getKey().value()));
        return out;
    }
}
