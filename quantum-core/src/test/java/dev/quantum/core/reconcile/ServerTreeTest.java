package dev.quantum.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerTreeTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final ServerTree tree = new ServerTree();

    @Test
    void a_created_file_brings_its_parent_folders() {
        assertThat(tree.apply(1, create("a/b/c.txt", "h1"))).containsExactly(p("a"));

        assertThat(tree.entries()).containsOnlyKeys(p("a"), p("a/b"), p("a/b/c.txt"));
        assertThat(tree.entries().get(p("a/b"))).isEqualTo(Entry.directory());
        assertThat(tree.seq()).isEqualTo(1);
    }

    @Test
    void changes_already_in_the_tree_are_skipped() {
        tree.reset(List.of(file("a.txt", "h2")), 5);

        assertThat(tree.apply(4, create("a.txt", "h1"))).isEmpty();
        assertThat(tree.entries().get(p("a.txt"))).isEqualTo(Entry.file("h2", 1));
        assertThat(tree.seq()).isEqualTo(5);
    }

    @Test
    void deleting_a_folder_removes_everything_below_it() {
        tree.apply(1, create("d/x", "h1"));
        tree.apply(2, create("d/s/y", "h2"));
        tree.apply(3, create("dz", "h3"));

        assertThat(tree.apply(4, new Operation.Delete(p("d")))).containsExactly(p("d"));
        assertThat(tree.entries()).containsOnlyKeys(p("dz"));
    }

    @Test
    void moving_a_folder_moves_its_contents() {
        tree.apply(1, create("d/x", "h1"));
        tree.apply(2, create("d/s/y", "h2"));

        assertThat(tree.apply(3, new Operation.Move(p("d"), p("n/e")))).contains(p("d"), p("n/e"), p("n"));
        assertThat(tree.entries()).containsOnlyKeys(p("n"), p("n/e"), p("n/e/x"), p("n/e/s"), p("n/e/s/y"));
    }

    @Test
    void a_file_replacing_a_folder_removes_the_folder_contents() {
        tree.apply(1, create("p/x", "h1"));

        tree.apply(2, create("p", "h2"));

        assertThat(tree.entries()).containsOnlyKeys(p("p"));
    }

    @Test
    void remembers_when_the_server_last_modified_a_file_even_after_a_move() {
        Instant at = Instant.parse("2025-06-07T08:09:10Z");
        tree.apply(1, new Operation.Create(FileMetadata.file(p("d/x"), 1, at, "h1")));

        tree.apply(2, new Operation.Move(p("d"), p("e")));

        assertThat(tree.modified(p("e/x"))).contains(at);
        assertThat(tree.modified(p("d/x"))).isEmpty();
    }

    @Test
    void paths_and_entries_the_sharing_knows_are_stored_as_its_instances() {
        RelativePath known = p("a/b.txt");
        RelativePath knownFolder = p("a");
        Entry knownEntry = Entry.file("h1", 1);
        ServerTree shared = new ServerTree(new Sharing() {
            @Override
            public RelativePath path(RelativePath path) {
                return path.equals(known) ? known : path.equals(knownFolder) ? knownFolder : path;
            }

            @Override
            public Entry entry(RelativePath path, Entry entry) {
                return path.equals(known) && entry.equals(knownEntry) ? knownEntry : entry;
            }
        });

        shared.reset(List.of(file("a/b.txt", "h1"), file("c.txt", "h1")), 1);

        assertThat(shared.entries().ceilingKey(p("a/b.txt"))).isSameAs(known);
        assertThat(shared.entries().ceilingKey(p("a"))).isSameAs(knownFolder);
        assertThat(shared.entries().get(p("a/b.txt"))).isSameAs(knownEntry);
        assertThat(shared.entries().get(p("c.txt"))).isEqualTo(knownEntry).isNotSameAs(knownEntry);
        assertThat(shared.modified(p("a/b.txt"))).contains(T);
    }

    @Test
    void a_table_that_is_not_empty_or_not_in_path_order_is_refused() {
        java.util.TreeMap<RelativePath, Entry> full = new java.util.TreeMap<>(java.util.Map.of(p("a"), Entry.directory()));
        java.util.TreeMap<RelativePath, Entry> reversed = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());

        for (java.util.NavigableMap<RelativePath, Entry> table : List.of(full, reversed)) {
            assertThatThrownBy(() -> new ServerTree(new Sharing() {
                @Override
                public RelativePath path(RelativePath path) {
                    return path;
                }

                @Override
                public Entry entry(RelativePath path, Entry entry) {
                    return entry;
                }

                @Override
                public java.util.NavigableMap<RelativePath, Entry> table() {
                    return table;
                }
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty table in path order");
        }
    }

    @Test
    void a_folder_replacing_a_file_forgets_the_file_time() {
        tree.apply(1, create("p", "h1"));

        tree.apply(2, new Operation.Create(FileMetadata.directory(p("p"), T)));

        assertThat(tree.modified(p("p"))).isEmpty();
    }

    private static Operation create(String path, String hash) {
        return new Operation.Create(FileMetadata.file(p(path), 1, T, hash));
    }

    private static FileMetadata file(String path, String hash) {
        return FileMetadata.file(p(path), 1, T, hash);
    }

    private static RelativePath p(String s) {
        return RelativePath.of(s);
    }
}
