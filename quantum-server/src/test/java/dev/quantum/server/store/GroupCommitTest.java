package dev.quantum.server.store;

import static dev.quantum.server.store.StoreException.Reason.CONFLICT;
import static dev.quantum.server.store.StoreException.Reason.PRECONDITION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.testkit.FakeClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's group commit: writes queued behind a running one commit together, and each one that fails fails alone. */
class GroupCommitTest {

    @TempDir
    Path root;
    Disk disk;
    Database db;
    Writer writer;
    TreeWriter tree;
    ExecutorService pool = Executors.newCachedThreadPool();
    List<Change> heard = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingFlush flush = new RecordingFlush();

    @BeforeEach
    void open() throws Exception {
        disk = new Disk(root);
        db = new Database(disk.metadataDir().resolve("index.db"));
        writer = new Writer(db.writer(), new FakeClock(), flush);
        tree = new TreeWriter(disk, writer, new VersionKeeper(disk, true, Duration.ofDays(1)));
        writer.subscribe(heard::add);
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        pool.shutdownNow();
        db.close();
    }

    @Test
    void writes_queued_behind_a_running_one_commit_together_and_each_failure_fails_alone() throws Exception {
        Future<Object> blocker = pool.submit(() -> writer.write(tx -> awaitRelease()));
        running.await(30, TimeUnit.SECONDS);
        Future<PutResult> b = queue(() -> tree.install(p("b.txt"), content("B"), Precondition.NONE, "c1"));
        Future<PutResult> createOnly = queue(() -> tree.install(p("b.txt"), content("C"), new Precondition(null, true), "c2"));
        Future<PutResult> underFile = queue(() -> tree.install(p("b.txt/x.txt"), content("D"), Precondition.NONE, "c3"));
        Future<Object> badSql = queue(() -> writer.write(tx -> {
            tx.put(IndexEntry.directory(p("ghost"), 1, tx.nextSeq()));
            tx.append(new Operation.Create(IndexEntry.directory(p("ghost"), 1, tx.nextSeq()).metadata()), "c4");
            tx.connection().createStatement().execute("INSERT INTO no_such_table VALUES (1)");
            return null;
        }));
        Future<PutResult> e = queue(() -> tree.install(p("e/f.txt"), content("E"), Precondition.NONE, "c5"));

        release.countDown();
        blocker.get(30, TimeUnit.SECONDS);

        assertThat(b.get(30, TimeUnit.SECONDS).changes()).extracting(Change::seq).containsExactly(1L);
        assertThat(failure(createOnly)).isInstanceOf(StoreException.class)
                .hasFieldOrPropertyWithValue("reason", PRECONDITION_FAILED).hasMessageContaining("b.txt already exists");
        assertThat(failure(underFile)).isInstanceOf(StoreException.class)
                .hasFieldOrPropertyWithValue("reason", CONFLICT).hasMessageContaining("b.txt is a file");
        assertThat(failure(badSql)).isInstanceOf(IOException.class).hasMessageContaining("database error");
        assertThat(e.get(30, TimeUnit.SECONDS).changes()).extracting(Change::seq).containsExactly(2L, 3L);
        assertThat(heard).extracting(Change::seq).containsExactly(1L, 2L, 3L);
        assertThat(heard).extracting(Change::sourceClient).containsExactly("c1", "c5", "c5");
        assertThat(writer.head()).isEqualTo(3);
        assertThat(logged()).extracting(Change::seq).containsExactly(1L, 2L, 3L);
        assertThat(indexed("ghost")).isEmpty();
        assertThat(Files.readString(root.resolve("b.txt"))).isEqualTo("B");
        assertThat(Files.readString(root.resolve("e/f.txt"))).isEqualTo("E");
    }

    @Test
    void a_write_that_fails_alone_in_its_batch_rolls_back_and_the_next_one_commits() throws Exception {
        assertThatThrownBy(() -> writer.write(tx -> {
            tx.put(IndexEntry.directory(p("ghost"), 1, tx.nextSeq()));
            tx.append(new Operation.Create(IndexEntry.directory(p("ghost"), 1, tx.nextSeq()).metadata()), "c1");
            throw new IllegalStateException("broken write");
        })).isInstanceOf(IllegalStateException.class).hasMessage("broken write");

        PutResult ok = tree.install(p("a.txt"), content("A"), Precondition.NONE, "c2");

        assertThat(ok.changes()).extracting(Change::seq).containsExactly(1L);
        assertThat(heard).extracting(Change::seq).containsExactly(1L);
        assertThat(indexed("ghost")).isEmpty();
    }

    @Test
    void a_write_started_inside_a_write_fails_instead_of_waiting_forever() {
        assertThatThrownBy(() -> writer.write(tx -> writer.write(inner -> null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside another write");
    }

    @Test
    void a_write_is_answered_only_after_its_batch_is_committed_and_published() throws Exception {
        Future<Object> blocker = pool.submit(() -> writer.write(tx -> awaitRelease()));
        running.await(30, TimeUnit.SECONDS);
        Future<PutResult> queued = queue(() -> tree.install(p("q.txt"), content("Q"), Precondition.NONE, "c1"));

        assertThat(queued.isDone()).isFalse();
        assertThat(heard).isEmpty();
        release.countDown();

        assertThat(queued.get(30, TimeUnit.SECONDS).changes()).isEqualTo(heard);
        assertThat(blocker.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(logged()).extracting(Change::seq).containsExactly(1L);
    }

    @Test
    void many_concurrent_writers_all_finish_with_gap_free_seqs_published_once_in_order() throws Exception {
        int writers = 8;
        int each = 40;
        List<Future<Long>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            done.add(pool.submit(() -> {
                long last = 0;
                for (int i = 0; i < each; i++) {
                    RelativePath dir = p("w" + id + "-" + i);
                    last = writer.write(tx -> {
                        IndexEntry entry = IndexEntry.directory(dir, 1, tx.nextSeq());
                        tx.put(entry);
                        return tx.append(new Operation.Create(entry.metadata()), "w" + id).seq();
                    });
                }
                return last;
            }));
        }
        for (Future<Long> f : done) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
        }

        List<Long> all = java.util.stream.LongStream.rangeClosed(1, writers * each).boxed().toList();
        assertThat(heard).extracting(Change::seq).containsExactlyElementsOf(all);
        assertThat(logged()).extracting(Change::seq).containsExactlyElementsOf(all);
        assertThat(writer.queued()).isZero();
    }

    @Test
    void uploads_received_while_busy_are_made_durable_by_one_flush_before_any_rename_and_one_after() throws Exception {
        flush.groupsFrom = 4;
        Future<Object> blocker = pool.submit(() -> writer.write(tx -> awaitRelease()));
        running.await(30, TimeUnit.SECONDS);
        assertThat(writer.busy()).isTrue();
        List<Future<PutResult>> uploads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Disk.TempFile unforced = unforcedContent("U" + i);
            assertThat(unforced.forced()).isFalse();
            String name = "d" + i + "/u.txt";
            uploads.add(queue(() -> tree.install(p(name), unforced, Precondition.NONE, "c1")));
        }

        release.countDown();
        blocker.get(30, TimeUnit.SECONDS);

        for (Future<PutResult> f : uploads) {
            assertThat(f.get(30, TimeUnit.SECONDS).created()).isTrue();
        }
        assertThat(flush.installedAtEachFlush).as("uploads in place at each flush").containsExactly(0, 5);
        assertThat(heard).hasSize(10);
        assertThat(Files.readString(root.resolve("d4/u.txt"))).isEqualTo("U4");
        assertThat(writer.busy()).isFalse();
    }

    @Test
    void fewer_unforced_uploads_than_a_group_are_forced_one_by_one() throws Exception {
        flush.groupsFrom = 4;
        Future<Object> blocker = pool.submit(() -> writer.write(tx -> awaitRelease()));
        running.await(30, TimeUnit.SECONDS);
        Disk.TempFile a = unforcedContent("A");
        Disk.TempFile b = unforcedContent("B");
        Future<PutResult> first = queue(() -> tree.install(p("a.txt"), a, Precondition.NONE, "c1"));
        Future<PutResult> second = queue(() -> tree.install(p("b.txt"), b, Precondition.NONE, "c1"));

        release.countDown();
        blocker.get(30, TimeUnit.SECONDS);

        assertThat(first.get(30, TimeUnit.SECONDS).created()).isTrue();
        assertThat(second.get(30, TimeUnit.SECONDS).created()).isTrue();
        assertThat(flush.installedAtEachFlush).isEmpty();
        assertThat(logged()).hasSize(2);
    }

    @Test
    void a_failed_group_flush_fails_the_whole_batch_and_renames_nothing() throws Exception {
        flush.groupsFrom = 4;
        flush.failure = new IOException("EIO");
        Future<Object> blocker = pool.submit(() -> writer.write(tx -> awaitRelease()));
        running.await(30, TimeUnit.SECONDS);
        List<Future<PutResult>> uploads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Disk.TempFile unforced = unforcedContent("U" + i);
            String name = "u" + i + ".txt";
            uploads.add(queue(() -> tree.install(p(name), unforced, Precondition.NONE, "c1")));
        }

        release.countDown();
        blocker.get(30, TimeUnit.SECONDS);

        for (Future<PutResult> f : uploads) {
            assertThat(failure(f)).isInstanceOf(IOException.class)
                    .hasMessageContaining("could not make the changes durable").hasMessageContaining("EIO");
        }
        assertThat(heard).isEmpty();
        assertThat(logged()).isEmpty();
        assertThat(root.resolve("u0.txt")).doesNotExist();
        flush.failure = null;
        assertThat(tree.install(p("later.txt"), content("L"), Precondition.NONE, "c2").changes())
                .extracting(Change::seq).containsExactly(1L);
    }

    @Test
    void an_upload_received_while_the_writer_is_idle_is_forced_at_once() throws Exception {
        assertThat(writer.busy()).isFalse();
        assertThat(disk.receive(new ByteArrayInputStream(new byte[] {1}), 0, () -> !writer.busy()).forced()).isTrue();
    }

    /** A group flush that counts the uploads already renamed into place each time it runs. */
    private final class RecordingFlush implements Writer.GroupFlush {
        volatile int groupsFrom = Integer.MAX_VALUE;
        volatile IOException failure;
        final List<Integer> installedAtEachFlush = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean worthIt(int files) {
            return files >= groupsFrom;
        }

        @Override
        public void flush() throws IOException {
            if (failure != null) {
                throw failure;
            }
            try (var files = Files.walk(root)) {
                installedAtEachFlush.add((int) files.filter(f -> f.getFileName().toString().equals("u.txt")).count());
            }
        }
    }

    private Disk.TempFile unforcedContent(String text) throws IOException {
        return disk.receive(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 0, () -> false);
    }

    private List<Change> logged() throws java.sql.SQLException {
        return db.read(c -> ChangesTable.after(c, 0, 1000));
    }

    private java.util.Optional<IndexEntry> indexed(String path) throws java.sql.SQLException {
        return db.read(c -> FilesTable.get(c, p(path)));
    }

    private Object awaitRelease() {
        running.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Submits {@code call} and waits until it is queued behind the running write. */
    private <T> Future<T> queue(java.util.concurrent.Callable<T> call) {
        int before = writer.queued();
        Future<T> f = pool.submit(call);
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.queued() == before + 1);
        return f;
    }

    private static Throwable failure(Future<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the write to fail");
    }

    private Disk.TempFile content(String text) throws IOException {
        return disk.receive(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 0);
    }

    private static RelativePath p(String path) {
        return RelativePath.of(path);
    }
}
