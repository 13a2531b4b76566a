package dev.quantum.server.store;

import static dev.quantum.server.store.StoreException.Reason.CONFLICT;
import static dev.quantum.server.store.StoreException.Reason.NOT_FOUND;
import static dev.quantum.server.store.StoreException.Reason.PRECONDITION_FAILED;
import static dev.quantum.server.store.StoreException.Reason.TOO_LARGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.InvalidPathException;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.server.sync.ChangesExpiredException;
import dev.quantum.server.sync.OperationRejectedException;
import dev.quantum.testkit.FakeClock;
import dev.quantum.testkit.TempFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncStoreTest {

    @TempDir
    Path root;
    FakeClock clock = new FakeClock();
    SyncStore store;
    List<Change> heard = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() throws IOException {
        store = SyncStore.open(root, SyncStore.Options.DEFAULT, clock);
        store.subscribe(heard::add);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    private PutResult put(String path, String content) throws IOException {
        return put(path, content, Precondition.NONE);
    }

    private PutResult put(String path, String content, Precondition pre) throws IOException {
        return store.put(p(path), new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 0, pre, "tester");
    }

    /** Asserts that {@code call} is refused by the store for {@code reason}. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(ThrowingCallable call, StoreException.Reason reason) {
        return assertThatThrownBy(call).isInstanceOf(StoreException.class).hasFieldOrPropertyWithValue("reason", reason);
    }

    private static RelativePath p(String path) {
        return RelativePath.of(path);
    }

    private List<Long> seqs() {
        return heard.stream().map(Change::seq).toList();
    }

    @Test
    void upload_creates_parents_as_changes_and_the_file_last() throws IOException {
        PutResult result = put("a/b/c.txt", "hello");
        assertThat(result.created()).isTrue();
        assertThat(result.metadata().hash()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(Files.readString(root.resolve("a/b/c.txt"))).isEqualTo("hello");
        assertThat(heard).extracting(c -> c.operation().getClass().getSimpleName() + " " + c.operation().paths().getFirst())
                .containsExactly("Create a", "Create a/b", "Create a/b/c.txt");
        assertThat(seqs()).containsExactly(1L, 2L, 3L);
        assertThat(heard).allMatch(c -> "tester".equals(c.sourceClient()));
        assertThat(store.list().head()).isEqualTo(3);
        assertThat(store.list().entries()).extracting(m -> m.path().value()).containsExactly("a", "a/b", "a/b/c.txt");
    }

    @Test
    void content_gives_a_small_file_only_while_it_is_on_disk_as_committed() throws IOException {
        FileMetadata file = put("a/note.txt", "hello").metadata();
        FileMetadata folder = store.metadata(p("a")).orElseThrow();

        assertThat(store.content(file, 5)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello"));
        assertThat(store.content(file, 4)).as("over the limit").isEmpty();
        assertThat(store.content(folder, 1024)).as("a folder").isEmpty();
        Files.writeString(root.resolve("a/note.txt"), "HELLO");
        assertThat(store.content(file, 1024)).as("changed on disk, same size").isEmpty();
        Files.writeString(root.resolve("a/note.txt"), "hello, longer");
        assertThat(store.content(file, 1024)).as("changed on disk, other size").isEmpty();
        Files.delete(root.resolve("a/note.txt"));
        assertThat(store.content(file, 1024)).as("gone").isEmpty();
    }

    @Test
    void identical_upload_commits_nothing() throws IOException {
        put("x.txt", "same");
        PutResult again = put("x.txt", "same");
        assertThat(again.created()).isFalse();
        assertThat(again.change()).isEmpty();
        assertThat(store.head()).isEqualTo(1);
    }

    @Test
    void changed_upload_is_an_update_and_keeps_the_old_content_as_a_version() throws IOException {
        put("x.txt", "one");
        PutResult second = put("x.txt", "two");
        assertThat(second.change().orElseThrow().operation()).isInstanceOf(Operation.Update.class);
        List<VersionInfo> versions = store.versions(Optional.of(p("x.txt")));
        assertThat(versions).singleElement().satisfies(v -> {
            assertThat(v.reason()).isEqualTo("update");
            assertThat(v.size()).isEqualTo(3);
        });
        assertThat(Files.readString(store.version(versions.getFirst().id()).orElseThrow().file())).isEqualTo("one");
    }

    @Test
    void if_match_with_another_hash_fails_and_changes_nothing() throws IOException {
        put("x.txt", "one");
        assertRefused(() -> put("x.txt", "two", new Precondition(List.of("0".repeat(64)), false)), PRECONDITION_FAILED);
        assertThat(Files.readString(root.resolve("x.txt"))).isEqualTo("one");
        String current = store.metadata(p("x.txt")).orElseThrow().hash();
        assertThat(put("x.txt", "two", new Precondition(List.of(current), false)).change()).isPresent();
    }

    @Test
    void create_only_upload_fails_when_the_file_exists() throws IOException {
        put("x.txt", "one");
        assertRefused(() -> put("x.txt", "two", new Precondition(null, true)), PRECONDITION_FAILED);
    }

    @Test
    void oversized_upload_leaves_no_temp_file() throws IOException {
        assertRefused(() -> store.put(p("big"), new ByteArrayInputStream(new byte[100]), 10, Precondition.NONE, null), TOO_LARGE);
        assertThat(root.resolve("big")).doesNotExist();
        assertThat(TempFiles.in(root.resolve(".quantum/tmp"))).isEmpty();
        assertThat(store.head()).isZero();
    }

    @Test
    void file_under_a_file_is_a_conflict() throws IOException {
        put("a", "file");
        assertRefused(() -> put("a/b", "x"), CONFLICT).hasMessage("a is a file");
        assertRefused(() -> store.mkdir(p("a"), null), CONFLICT);
        store.mkdir(p("d"), null);
        assertRefused(() -> put("d", "x"), CONFLICT).hasMessage("d is a folder");
    }

    @Test
    void deleting_a_folder_is_one_change_and_keeps_its_files_as_versions() throws IOException {
        put("d/one.txt", "1");
        put("d/sub/two.txt", "2");
        long before = store.head();
        Change change = store.delete(p("d"), Precondition.NONE, "tester");
        assertThat(change.seq()).isEqualTo(before + 1);
        assertThat(change.operation()).isEqualTo(new Operation.Delete(p("d")));
        assertThat(root.resolve("d")).doesNotExist();
        assertThat(store.list().entries()).isEmpty();
        assertThat(store.versions(Optional.empty())).extracting(v -> v.path().value() + ":" + v.reason())
                .containsExactlyInAnyOrder("d/one.txt:delete", "d/sub/two.txt:delete");
        assertRefused(() -> store.delete(p("d"), Precondition.NONE, null), NOT_FOUND);
    }

    @Test
    void moving_a_folder_moves_everything_in_one_change() throws IOException {
        put("d/one.txt", "1");
        put("d/sub/two.txt", "2");
        put("other.txt", "o");
        PutResult moved = store.move(p("d"), p("e/f"), "tester");
        assertThat(moved.metadata().path()).isEqualTo(p("e/f"));
        assertThat(heard.getLast().operation()).isEqualTo(new Operation.Move(p("d"), p("e/f")));
        assertThat(store.list().entries()).extracting(m -> m.path().value())
                .containsExactly("e", "e/f", "e/f/one.txt", "e/f/sub", "e/f/sub/two.txt", "other.txt");
        assertThat(Files.readString(root.resolve("e/f/sub/two.txt"))).isEqualTo("2");
        assertRefused(() -> store.move(p("other.txt"), p("e/f"), null), CONFLICT);
        assertRefused(() -> store.move(p("nope"), p("x"), null), NOT_FOUND);
        assertThatThrownBy(() -> store.move(p("e"), p("e/g"), null)).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void mkdir_reports_whether_the_folder_was_new() throws IOException {
        assertThat(store.mkdir(p("x/y"), null).created()).isTrue();
        assertThat(store.mkdir(p("x/y"), null).created()).isFalse();
        assertThat(store.head()).isEqualTo(2);
    }

    @Test
    void concurrent_uploads_give_a_gap_free_log_heard_in_order() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<PutResult>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int n = i;
            results.add(pool.submit(() -> put("f" + n, "content " + n)));
        }
        for (Future<PutResult> f : results) {
            f.get();
        }
        pool.shutdown();
        assertThat(seqs()).hasSize(64).isSorted().doesNotHaveDuplicates();
        assertThat(seqs().getLast()).isEqualTo(64);
        assertThat(store.changesAfter(0, 1000)).extracting(Change::seq).isEqualTo(seqs());
    }

    @Test
    void direct_disk_edits_become_changes_and_own_writes_do_not() throws IOException {
        put("keep.txt", "k");
        assertThat(store.reconcileAll()).isZero();
        Files.writeString(root.resolve("new.txt"), "n");
        Files.createDirectories(root.resolve("dir/inner"));
        Files.writeString(root.resolve("dir/inner/f"), "f");
        Files.writeString(root.resolve("keep.txt"), "changed");
        assertThat(store.reconcileAll()).isEqualTo(5);
        assertThat(heard.subList(1, heard.size())).extracting(c -> c.operation().getClass().getSimpleName() + " " + c.operation().paths().getFirst())
                .containsExactly("Create dir", "Create dir/inner", "Create dir/inner/f", "Update keep.txt", "Create new.txt");
        assertThat(heard.getLast().sourceClient()).isNull();
        Files.delete(root.resolve("dir/inner/f"));
        Files.delete(root.resolve("dir/inner"));
        Files.delete(root.resolve("dir"));
        assertThat(store.reconcile(p("dir"))).isEqualTo(1);
        assertThat(heard.getLast().operation()).isEqualTo(new Operation.Delete(p("dir")));
        assertThat(store.reconcileAll()).isZero();
    }

    @Test
    void a_file_replaced_by_a_folder_on_disk_is_a_delete_then_a_create() throws IOException {
        put("thing", "file");
        Files.delete(root.resolve("thing"));
        Files.createDirectory(root.resolve("thing"));
        assertThat(store.reconcile(p("thing"))).isEqualTo(2);
        assertThat(store.metadata(p("thing")).orElseThrow().isDirectory()).isTrue();
    }

    @Test
    void touching_a_file_without_changing_content_commits_nothing() throws IOException {
        put("t.txt", "same");
        Files.setLastModifiedTime(root.resolve("t.txt"), java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertThat(store.reconcileAll()).isZero();
        assertThat(store.metadata(p("t.txt")).orElseThrow().modified()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void reconcile_of_a_new_file_in_a_new_folder_creates_the_folder_first() throws IOException {
        Files.createDirectories(root.resolve("n/m"));
        Files.writeString(root.resolve("n/m/f.txt"), "x");
        store.reconcile(p("n/m/f.txt"));
        assertThat(store.list().entries()).extracting(m -> m.path().value()).containsExactly("n", "n/m", "n/m/f.txt");
    }

    @Test
    void the_log_and_index_survive_a_restart() throws IOException {
        put("a.txt", "a");
        store.close();
        store = SyncStore.open(root, SyncStore.Options.DEFAULT, clock);
        assertThat(store.head()).isEqualTo(1);
        assertThat(store.reconcileAll()).isZero();
        assertThat(put("b.txt", "b").change().orElseThrow().seq()).isEqualTo(2);
    }

    @Test
    void pruned_changes_answer_expired_and_the_newest_is_always_kept() throws IOException {
        store.close();
        store = SyncStore.open(root, new SyncStore.Options(true, Duration.ofDays(30), 2, Duration.ofDays(30)), clock);
        for (int i = 0; i < 5; i++) {
            put("f" + i, "x" + i);
        }
        store.maintain();
        assertThat(store.changesAfter(3, 100)).extracting(Change::seq).containsExactly(4L, 5L);
        assertThatThrownBy(() -> store.changesAfter(2, 100)).isInstanceOf(ChangesExpiredException.class);
        assertThatThrownBy(() -> store.changesAfter(6, 100)).isInstanceOf(ChangesExpiredException.class);
        clock.advance(Duration.ofDays(31));
        store.maintain();
        assertThat(store.changesAfter(4, 100)).extracting(Change::seq).containsExactly(5L);
        assertThat(store.changes(5, 100).changes()).isEmpty();
    }

    @Test
    void versions_past_retention_are_pruned_with_their_content() throws IOException {
        put("v.txt", "1");
        put("v.txt", "2");
        Path blob = store.version(store.versions(Optional.empty()).getFirst().id()).orElseThrow().file();
        clock.advance(Duration.ofDays(29));
        store.maintain();
        assertThat(store.versions(Optional.empty())).hasSize(1);
        clock.advance(Duration.ofDays(2));
        store.maintain();
        assertThat(store.versions(Optional.empty())).isEmpty();
        assertThat(blob).doesNotExist();
    }

    @Test
    void restore_brings_back_a_version_and_keeps_the_current_content() throws IOException {
        put("r.txt", "old");
        put("r.txt", "new");
        String id = store.versions(Optional.of(p("r.txt"))).getFirst().id();
        PutResult restored = store.restore(p("r.txt"), id, "tester");
        assertThat(Files.readString(root.resolve("r.txt"))).isEqualTo("old");
        assertThat(restored.change().orElseThrow().operation()).isInstanceOf(Operation.Update.class);
        assertThat(store.versions(Optional.of(p("r.txt")))).extracting(VersionInfo::size).containsExactly(3L, 3L);
        store.delete(p("r.txt"), Precondition.NONE, null);
        String deleted = store.versions(Optional.of(p("r.txt"))).getFirst().id();
        assertThat(store.restore(p("r.txt"), deleted, null).created()).isTrue();
        assertRefused(() -> store.restore(p("other"), id, null), NOT_FOUND);
    }

    @Test
    void paths_through_symlinks_are_invalid() throws IOException {
        Path outside = Files.createTempDirectory("outside");
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertThatThrownBy(() -> put("link/x", "x")).isInstanceOf(InvalidPathException.class);
        assertThat(outside.resolve("x")).doesNotExist();
        assertThat(store.reconcileAll()).isZero();
    }

    @Test
    void submitted_operations_are_checked_against_committed_state() throws IOException {
        PutResult file = put("s.txt", "s");
        FileMetadata committed = file.metadata();
        assertThat(store.submit(new Operation.Update(committed), "c")).isEmpty();
        FileMetadata other = FileMetadata.file(p("s.txt"), 1, Instant.EPOCH, "f".repeat(64));
        assertThatThrownBy(() -> store.submit(new Operation.Update(other), "c")).isInstanceOf(OperationRejectedException.class);
        assertThat(store.submit(new Operation.Create(FileMetadata.directory(p("dir"), Instant.EPOCH)), "c")).isPresent();
        Optional<Change> moved = store.submit(new Operation.Move(p("s.txt"), p("dir/s.txt")), "c");
        assertThat(moved.orElseThrow().sourceClient()).isEqualTo("c");
        assertThat(store.submit(new Operation.Move(p("s.txt"), p("dir/s.txt")), "c")).isEmpty();
        assertThat(store.submit(new Operation.Delete(p("dir")), "c")).isPresent();
        assertThat(store.submit(new Operation.Delete(p("dir")), "c")).isEmpty();
        assertThatThrownBy(() -> store.submit(new Operation.Move(p("nope"), p("x")), "c")).isInstanceOf(OperationRejectedException.class);
    }
}
