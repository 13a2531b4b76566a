package dev.quantum.server.store;

import static dev.quantum.server.store.StoreException.Reason.CONFLICT;
import static dev.quantum.server.store.StoreException.Reason.PRECONDITION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.fs.FileSystemSync;
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

    @BeforeEach
    void open() throws Exception {
        disk = new Disk(root);
        db = new Database(disk.metadataDir().resolve("index.db"));
        writer = new Writer(db.writer(), new FakeClock());
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
    void a_folder_the_disk_cannot_make_durable_fails_the_write_and_commits_nothing() throws Exception {
        Writer failing = new Writer(db.writer(), new FakeClock(), new FileSystemSync(false) {
            @Override
            public void syncFolder(Path dir) throws IOException {
                throw new IOException("Input/output error");
            }
        });
        failing.subscribe(heard::add);
        TreeWriter onFailingDisk = new TreeWriter(disk, failing, new VersionKeeper(disk, true, Duration.ofDays(1)));

        assertThatThrownBy(() -> onFailingDisk.install(p("a.txt"), content("A"), Precondition.NONE, "c1"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the disk failed to make the writes durable: Input/output error");

        assertThat(heard).isEmpty();
        assertThat(failing.head()).isZero();
        assertThat(logged()).isEmpty();
        assertThat(indexed("a.txt")).isEmpty();
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
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heard).extracting(Change::seq).containsExactlyElementsOf(all)); // many changes are published on their own thread
        assertThat(logged()).extracting(Change::seq).containsExactlyElementsOf(all);
        assertThat(writer.queued()).isZero();
    }

    @Test
    void writes_queued_together_span_batches_in_order_and_each_fails_alone() throws Exception {
        Future<Object> blocker = pool.submit(() -> writer.write(tx -> awaitRelease()));
        running.await(30, TimeUnit.SECONDS);
        int count = 600; // more than one batch holds
        List<TreeWriter.Install> installs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Precondition condition = i == 7 ? new Precondition(List.of("0".repeat(64)), false) : Precondition.NONE;
            installs.add(new TreeWriter.Install(p("many/f" + i), content("content " + i), condition));
        }
        Future<List<? extends Writer.Result<PutResult>>> all = pool.submit(() -> tree.installAll(installs, "batch"));
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.queued() == count);
        Future<PutResult> after = queue(() -> tree.install(p("after.txt"), content("after"), Precondition.NONE, "single"));

        release.countDown();
        List<? extends Writer.Result<PutResult>> results = all.get(60, TimeUnit.SECONDS);

        assertThat(results).hasSize(count);
        assertThatThrownBy(() -> results.get(7).get()).isInstanceOf(StoreException.class)
                .hasFieldOrPropertyWithValue("reason", PRECONDITION_FAILED);
        assertThat(results.get(0).get().changes()).extracting(Change::seq).containsExactly(1L, 2L);
        assertThat(results.get(count - 1).get().changes()).extracting(Change::seq).containsExactly((long) count);
        assertThat(after.get(30, TimeUnit.SECONDS).changes()).extracting(Change::seq).containsExactly(count + 1L);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heard).extracting(Change::seq).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, count + 1).boxed().toList())); // many changes are published on their own thread
        assertThat(Files.readString(root.resolve("many/f599"))).isEqualTo("content 599");
        assertThat(root.resolve("many/f7")).doesNotExist();
    }

    @Test
    void groups_and_single_writes_from_many_threads_all_finish() throws Exception {
        List<Future<Integer>> done = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int id = w;
            done.add(pool.submit(() -> {
                int written = 0;
                for (int round = 0; round < 15; round++) {
                    if (id % 2 == 0) {
                        List<Writer.Work<Long>> works = new ArrayList<>();
                        for (int i = 0; i < 1 + (round * 37 + id) % 300; i++) {
                            works.add(folder("g" + id + "-" + round + "-" + i));
                        }
                        for (Writer.Result<Long> r : writer.writeAll(works)) {
                            r.get();
                            written++;
                        }
                    } else {
                        writer.write(folder("s" + id + "-" + round));
                        written++;
                    }
                }
                return written;
            }));
        }
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get(120, TimeUnit.SECONDS);
        }
        int expected = total;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heard).hasSize(expected)); // many changes are published on their own thread
        assertThat(writer.head()).isEqualTo(total);
        assertThat(writer.queued()).isZero();
    }

    private static Writer.Work<Long> folder(String name) {
        return tx -> {
            IndexEntry entry = IndexEntry.directory(p(name), 1, tx.nextSeq());
            tx.put(entry);
            return tx.append(new Operation.Create(entry.metadata()), "w").seq();
        };
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
