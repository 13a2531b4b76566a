package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.client.state.SqliteStateStore;
import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.ServerTree;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NavigableMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedInstancesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String H1 = "1".repeat(64);
    private static final String H2 = "2".repeat(64);

    @TempDir
    Path dir;

    private SqliteStateStore store;
    private Base base;
    private NavigableMap<RelativePath, LocalEntry> cache;

    @BeforeEach
    void open() {
        store = SqliteStateStore.open(dir.resolve("state.db"), CLOCK);
        base = new Base(store);
        cache = base.scanCache();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void the_base_stores_the_cache_instances_of_an_equal_path_and_entry() {
        RelativePath cachedPath = RelativePath.of("d/a.txt");
        LocalEntry cached = file(H1, 7);
        cache.put(cachedPath, cached);

        base.put(RelativePath.of("d/a.txt"), Entry.file(H1, 7), 7);

        assertThat(base.entries().ceilingKey(cachedPath)).isSameAs(cachedPath);
        assertThat(base.entries().get(cachedPath)).isSameAs(cached);
        assertThat(store.loadBase()).containsEntry(cachedPath, cached);
    }

    @Test
    void the_base_keeps_its_own_entry_when_it_differs_from_the_cache() {
        RelativePath cachedPath = RelativePath.of("a.txt");
        cache.put(cachedPath, file(H1, 7));

        base.remember(RelativePath.of("a.txt"), file(H2, 7));
        base.move(cachedPath, RelativePath.of("b.txt"));

        assertThat(base.entries()).containsOnlyKeys(RelativePath.of("b.txt"));
        assertThat(base.entries().get(RelativePath.of("b.txt"))).isEqualTo(file(H2, 7));
        assertThat(cache).containsOnlyKeys(cachedPath);
        assertThat(cache.get(cachedPath)).isEqualTo(file(H1, 7));
    }

    @Test
    void a_base_loaded_from_the_store_survives_a_reset_of_nothing_but_itself() {
        base.put(RelativePath.of("a.txt"), file(H1, 7));
        cache.put(RelativePath.of("a.txt"), file(H1, 7));
        cache.put(RelativePath.of("b.txt"), file(H2, 1));

        Base reloaded = new Base(store);
        base.reset();

        assertThat(reloaded.entries()).containsOnlyKeys(RelativePath.of("a.txt"));
        assertThat(base.entries()).isEmpty();
        assertThat(cache).containsOnlyKeys(RelativePath.of("a.txt"), RelativePath.of("b.txt"));
        assertThat(store.loadBase()).isEmpty();
    }

    @Test
    void the_server_tree_stores_the_cache_or_base_instances_of_what_it_lists() {
        RelativePath cachedPath = RelativePath.of("d/a.txt");
        RelativePath cachedFolder = RelativePath.of("d");
        cache.put(cachedFolder, LocalEntry.directory());
        cache.put(cachedPath, file(H1, 7));
        RelativePath basePath = RelativePath.of("b.txt");
        base.put(basePath, file(H2, 3));
        ServerTree tree = new ServerTree(base.sharing());

        tree.reset(List.of(meta("d/a.txt", H1, 7), meta("b.txt", H2, 3), meta("c.txt", H2, 3)), 1);

        assertThat(tree.entries().ceilingKey(cachedPath)).isSameAs(cachedPath);
        assertThat(tree.entries().ceilingKey(cachedFolder)).isSameAs(cachedFolder);
        assertThat(tree.entries().get(cachedPath)).isSameAs(cache.get(cachedPath).entry());
        assertThat(tree.entries().ceilingKey(basePath)).isSameAs(basePath);
        assertThat(tree.entries().get(basePath)).isSameAs(base.entries().get(basePath).entry());
        assertThat(tree.entries().get(RelativePath.of("c.txt"))).isEqualTo(Entry.file(H2, 3));
    }

    @Test
    void a_server_entry_that_differs_from_the_disk_is_stored_as_listed() {
        RelativePath cachedPath = RelativePath.of("a.txt");
        cache.put(cachedPath, file(H1, 7));
        ServerTree tree = new ServerTree(base.sharing());

        tree.reset(List.of(meta("a.txt", H2, 7)), 1);

        assertThat(tree.entries().ceilingKey(cachedPath)).isSameAs(cachedPath);
        assertThat(tree.entries().get(cachedPath)).isEqualTo(Entry.file(H2, 7));
    }

    @Test
    void the_server_tree_lives_in_the_base_table_and_its_changes_leave_the_disk_sides_alone() {
        RelativePath a = RelativePath.of("d/a.txt");
        LocalEntry held = file(H1, 7);
        cache.put(RelativePath.of("d"), LocalEntry.directory());
        cache.put(a, held);
        base.put(a, file(H1, 7));
        ServerTree tree = new ServerTree(base.sharing());

        tree.reset(List.of(meta("d/a.txt", H1, 7), meta("e/b.txt", H2, 3)), 1);
        tree.apply(2, new dev.quantum.core.Operation.Move(a, RelativePath.of("e/a.txt")));

        assertThat(tree.entries()).containsOnlyKeys(RelativePath.of("d"), RelativePath.of("e"),
                RelativePath.of("e/a.txt"), RelativePath.of("e/b.txt"));
        assertThat(tree.entries().get(RelativePath.of("e/a.txt"))).isEqualTo(Entry.file(H1, 7));
        assertThat(base.entries()).containsOnlyKeys(a);
        assertThat(base.entries().get(a)).isSameAs(held);
        assertThat(cache).containsOnlyKeys(RelativePath.of("d"), a);
        tree.reset(List.of(), 3);
        assertThat(tree.entries()).isEmpty();
        assertThat(cache).containsOnlyKeys(RelativePath.of("d"), a);
    }

    @Test
    void every_folder_entry_is_one_instance() {
        assertThat(LocalEntry.directory()).isSameAs(LocalEntry.directory());
        assertThat(new LocalEntry(Entry.directory(), 5)).isEqualTo(LocalEntry.directory());
    }

    private static LocalEntry file(String hash, long size) {
        return new LocalEntry(Entry.file(hash, size), size);
    }

    private static FileMetadata meta(String path, String hash, long size) {
        return FileMetadata.file(RelativePath.of(path), size, Instant.EPOCH, hash);
    }
}
