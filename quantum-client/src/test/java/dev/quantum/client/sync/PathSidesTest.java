package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.RelativePath;
import dev.quantum.core.Subtrees;
import dev.quantum.core.reconcile.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PathSidesTest {

    private final PathSides sides = new PathSides();
    private final NavigableMap<RelativePath, LocalEntry> base = sides.base();
    private final NavigableMap<RelativePath, LocalEntry> local = sides.local();
    private final NavigableMap<RelativePath, Entry> server = sides.server();

    @Test
    void each_side_reads_and_writes_only_itself() {
        assertThat(local.put(p("a"), file(1))).isNull();
        assertThat(base.put(p("b"), file(2))).isNull();

        assertThat(local).containsOnlyKeys(p("a"));
        assertThat(base).containsOnlyKeys(p("b"));
        assertThat(local.get(p("b"))).isNull();
        assertThat(base.containsKey(p("a"))).isFalse();
        assertThat(local.put(p("a"), file(3))).isEqualTo(file(1));
        assertThat(local.remove(p("a"))).isEqualTo(file(3));
        assertThat(local.remove(p("a"))).isNull();
        assertThat(local).isEmpty();
        assertThat(base).hasSize(1);
    }

    @Test
    void equal_sides_hold_one_instance_and_come_apart_when_one_changes() {
        RelativePath key = p("a");
        LocalEntry scanned = file(1);
        local.put(key, scanned);

        base.put(p("a"), file(1));

        assertThat(base.get(key)).isSameAs(scanned);
        assertThat(base.ceilingKey(p("a"))).isSameAs(key);
        local.put(key, file(2));
        assertThat(base.get(key)).isEqualTo(file(1));
        assertThat(local.get(key)).isEqualTo(file(2));
        base.remove(key);
        assertThat(local.get(key)).isEqualTo(file(2));
        assertThat(base.get(key)).isNull();
    }

    @Test
    void a_path_in_sync_on_all_three_sides_is_one_value_and_comes_apart_when_the_server_changes() {
        RelativePath key = p("a");
        LocalEntry scanned = file(1);
        local.put(key, scanned);
        base.put(p("a"), file(1));

        assertThat(server.put(p("a"), file(1).entry())).isNull();

        assertThat(sides.all().get(key)).isSameAs(scanned);
        assertThat(server.get(key)).isSameAs(scanned.entry());
        assertThat(server.put(key, file(2).entry())).isEqualTo(file(1).entry());
        assertThat(base.get(key)).isSameAs(scanned);
        assertThat(local.get(key)).isSameAs(scanned);
        assertThat(server.get(key)).isEqualTo(file(2).entry());
        assertThat(server.remove(key)).isEqualTo(file(2).entry());
        assertThat(server).isEmpty();
        assertThat(local.remove(key)).isSameAs(scanned);
        assertThat(base.remove(key)).isSameAs(scanned);
        assertThat(sides.all()).isEmpty();
    }

    @Test
    void the_server_side_holds_folders_and_paths_no_other_side_holds() {
        server.put(p("d"), Entry.directory());
        server.put(p("d/x"), file(3).entry());
        local.put(p("d"), LocalEntry.directory());
        base.put(p("d"), LocalEntry.directory());

        assertThat(sides.all().get(p("d"))).isSameAs(LocalEntry.directory());
        assertThat(server).containsExactly(Map.entry(p("d"), Entry.directory()), Map.entry(p("d/x"), file(3).entry()));
        assertThat(local).containsOnlyKeys(p("d"));
        assertThat(server.tailMap(p("d"), false).firstKey()).isEqualTo(p("d/x"));
        server.clear();
        assertThat(base).containsOnlyKeys(p("d"));
        assertThat(local).containsOnlyKeys(p("d"));
    }

    @Test
    void a_side_refuses_a_value_of_another_side() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        NavigableMap<RelativePath, Object> raw = (NavigableMap) server;

        assertThatThrownBy(() -> raw.put(p("a"), file(1))).isInstanceOf(ClassCastException.class);
        assertThat(sides.all()).isEmpty();
    }

    @Test
    void ranges_and_navigation_skip_paths_the_side_does_not_hold() {
        local.put(p("a"), file(1));
        base.put(p("a/b"), file(2));
        local.put(p("a/c"), file(3));
        base.put(p("d"), file(4));

        assertThat(local.tailMap(p("a"), true).keySet()).containsExactly(p("a"), p("a/c"));
        assertThat(local.tailMap(p("a"), false).keySet()).containsExactly(p("a/c"));
        assertThat(local.ceilingKey(p("a/b"))).isEqualTo(p("a/c"));
        assertThat(local.higherKey(p("a/c"))).isNull();
        assertThat(base.firstKey()).isEqualTo(p("a/b"));
        assertThat(base.lastKey()).isEqualTo(p("d"));
        assertThat(base.floorKey(p("c"))).isEqualTo(p("a/b"));
        assertThat(base.lowerKey(p("a/b"))).isNull();
        assertThat(base.headMap(p("d"), false).keySet()).containsExactly(p("a/b"));
        assertThat(base.descendingMap().keySet()).containsExactly(p("d"), p("a/b"));
        assertThat(local.subMap(p("a"), false, p("d"), true).keySet()).containsExactly(p("a/c"));
        assertThat(local.size()).isEqualTo(2);
        assertThat(local.values()).containsExactly(file(1), file(3));
    }

    @Test
    void a_subtree_lists_the_side_s_paths_at_and_below_a_path_and_no_neighbour() {
        base.put(p("a/b"), file(1));
        local.put(p("a/b/x"), file(2));
        base.put(p("a/b/y"), file(3));
        base.put(p("a/b/y/z"), file(4));
        base.put(p("a/bc"), file(5)); // a sibling whose name starts alike
        base.put(p("a/b c"), file(6));
        for (int i = 0; i < 1_000; i++) {
            local.put(p("a/b/n" + i), file(7)); // many paths the base does not hold yet
        }
        base.put(p("b"), file(8));

        assertThat(keys(base, "a/b")).containsExactly(p("a/b"), p("a/b/y"), p("a/b/y/z"));
        assertThat(keys(base, "a/b/y")).containsExactly(p("a/b/y"), p("a/b/y/z"));
        assertThat(keys(base, "a/b/x")).isEmpty();
        assertThat(keys(base, "a/b/n5")).isEmpty();
        assertThat(keys(base, "a")).containsExactly(p("a/b"), p("a/b/y"), p("a/b/y/z"), p("a/b c"), p("a/bc"));
        assertThat(keys(local, "a/b")).hasSize(1_001).startsWith(p("a/b/n0")).contains(p("a/b/x"));
        assertThat(keys(server, "a")).isEmpty();
        // The same as a plain sorted map gives.
        assertThat(keys(base, "a")).isEqualTo(keys(new TreeMap<>(base), "a"));
    }

    private static <V> List<RelativePath> keys(NavigableMap<RelativePath, V> map, String path) {
        List<RelativePath> out = new ArrayList<>();
        Subtrees.of(map, p(path)).forEach(e -> out.add(e.getKey()));
        return out;
    }

    @Test
    void removing_keys_or_clearing_one_side_leaves_the_other() {
        for (String s : List.of("a", "b", "c")) {
            local.put(p(s), file(1));
            base.put(p(s), file(1));
        }

        local.keySet().removeAll(List.of(p("a"), p("x")));
        local.entrySet().removeIf(e -> e.getKey().equals(p("b")));
        base.clear();

        assertThat(local).containsOnlyKeys(p("c"));
        assertThat(base).isEmpty();
        assertThat(base.pollFirstEntry()).isNull();
        assertThat(local.pollLastEntry()).isEqualTo(Map.entry(p("c"), file(1)));
        assertThat(sides.all()).isEmpty();
    }

    @Test
    void many_changes_on_all_sides_agree_with_three_plain_maps() {
        NavigableMap<RelativePath, LocalEntry> expectedBase = new TreeMap<>();
        NavigableMap<RelativePath, LocalEntry> expectedLocal = new TreeMap<>();
        NavigableMap<RelativePath, Entry> expectedServer = new TreeMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 8_000; i++) {
            RelativePath path = p("d" + random.nextInt(5) + "/f" + random.nextInt(40));
            int content = random.nextInt(3);
            boolean remove = random.nextInt(3) == 0;
            switch (random.nextInt(3)) {
                case 0 -> change(base, expectedBase, path, remove ? null : file(content));
                case 1 -> change(local, expectedLocal, path, remove ? null : file(content));
                default -> change(server, expectedServer, path, remove ? null : file(content).entry());
            }
        }

        assertThat(new ArrayList<>(base.entrySet())).isEqualTo(new ArrayList<>(expectedBase.entrySet()));
        assertThat(new ArrayList<>(local.entrySet())).isEqualTo(new ArrayList<>(expectedLocal.entrySet()));
        assertThat(new ArrayList<>(server.entrySet())).isEqualTo(new ArrayList<>(expectedServer.entrySet()));
        assertThat(new ArrayList<>(server.descendingMap().keySet())).isEqualTo(new ArrayList<>(expectedServer.descendingKeySet()));
    }

    @Test
    void writers_of_different_sides_at_once_never_lose_each_others_writes() throws Exception {
        List<RelativePath> paths = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            paths.add(p("d/f" + i));
        }
        Thread disk = new Thread(() -> {
            for (int round = 0; round < 50; round++) {
                for (RelativePath path : paths) {
                    local.put(path, file(round % 2));
                    base.put(path, file(round % 2));
                }
            }
        });
        disk.start();
        for (int round = 0; round < 50; round++) {
            for (RelativePath path : paths) {
                server.put(path, file(round % 3).entry());
            }
        }
        disk.join();

        for (RelativePath path : paths) {
            assertThat(local.get(path)).isEqualTo(file(1));
            assertThat(base.get(path)).isSameAs(local.get(path));
            assertThat(server.get(path)).isEqualTo(file(1).entry());
            assertThat(sides.all().get(path)).isInstanceOf(LocalEntry.class);
        }
    }

    private static <V> void change(NavigableMap<RelativePath, V> view, NavigableMap<RelativePath, V> expected, RelativePath path, V value) {
        if (value == null) {
            assertThat(view.remove(path)).isEqualTo(expected.remove(path));
        } else {
            assertThat(view.put(path, value)).isEqualTo(expected.put(path, value));
        }
    }

    @Test
    void an_empty_side_has_no_first_key_and_no_navigable_key_set() {
        local.put(p("a"), file(1));

        assertThatThrownBy(base::firstKey).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(base::navigableKeySet).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> base.put(p("a"), null)).isInstanceOf(NullPointerException.class);
    }

    private static LocalEntry file(int content) {
        return new LocalEntry(Entry.file(Integer.toString(content).repeat(64), content), content);
    }

    private static RelativePath p(String path) {
        return RelativePath.of(path);
    }
}
