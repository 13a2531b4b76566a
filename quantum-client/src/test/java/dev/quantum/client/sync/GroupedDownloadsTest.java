package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quantum.client.local.FsLocalTree;
import dev.quantum.core.RelativePath;
import dev.quantum.core.ignore.IgnoreRules;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.fs.FileSystemSync;
import dev.quantum.testkit.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * A run of downloads against a real folder and real SQLite: staged without forcing and placed
 * in groups between two flushes when the file system can flush together, forced one by one
 * when not, and never recorded in the base before the disk has the file and its name.
 */
class GroupedDownloadsTest extends RealFolderLoopTest {

    private static final int FILES = 40;

    CountingTree tree;

    @Test
    void a_run_of_downloads_is_staged_unforced_and_made_durable_by_two_flushes_per_group() throws Exception {
        assumeTrue(FileSystemSync.system().available(), "syncfs(2) is Linux-only");
        fill();

        SyncLoop.Report report = open(FileSystemSync.system(), n -> false).firstPass();

        assertThat(report.clean()).isTrue();
        assertThat(local()).isEqualTo(server.snapshot()).hasSize(FILES + 1);
        assertThat(tree.forcedStages).hasValue(0);
        assertThat(tree.flushes.get()).isBetween(2, 2 * FILES).isEven();
        assertThat(tempFiles()).isEmpty();
        assertRestartDownloadsNothing();
    }

    @Test
    void without_flushing_together_each_download_is_forced_on_its_own() throws Exception {
        fill();

        SyncLoop.Report report = open(FileSystemSync.unavailable(), n -> false).firstPass();

        assertThat(report.clean()).isTrue();
        assertThat(local()).isEqualTo(server.snapshot());
        assertThat(tree.forcedStages).hasValue(FILES);
        assertThat(tree.flushes).hasValue(0);
        assertThat(tempFiles()).isEmpty();
        assertRestartDownloadsNothing();
    }

    @Test
    void a_failed_flush_before_the_renames_places_nothing_and_records_nothing() throws Exception {
        assumeTrue(FileSystemSync.system().available(), "syncfs(2) is Linux-only");
        fill();

        SyncLoop.Report report = open(FileSystemSync.system(), n -> true).firstPass();

        assertThat(report.problems()).hasSize(FILES)
                .allSatisfy((path, reason) -> assertThat(reason).contains("could not be made durable"));
        assertThat(local()).containsOnlyKeys("d");
        assertThat(tempFiles()).isEmpty();
        int downloads = server.downloads.get();

        assertThat(open(FileSystemSync.system(), n -> false).firstPass().clean()).isTrue();
        assertThat(server.downloads.get()).isEqualTo(downloads + FILES);
        assertThat(local()).isEqualTo(server.snapshot());
    }

    @Test
    void a_failed_flush_after_the_renames_leaves_the_files_out_of_the_stored_base() throws Exception {
        assumeTrue(FileSystemSync.system().available(), "syncfs(2) is Linux-only");
        fill();

        SyncLoop.Report report = open(FileSystemSync.system(), n -> n == 2).firstPass();

        assertThat(report.problems()).isNotEmpty()
                .allSatisfy((path, reason) -> assertThat(reason).contains("new name could not be made durable"));
        assertThat(local()).isEqualTo(server.snapshot());
        assertThat(tempFiles()).isEmpty();
        assertThat(store.loadBase()).as("stored base").doesNotContainKeys(
                report.problems().keySet().toArray(RelativePath[]::new));
        int downloads = server.downloads.get();

        assertThat(open(FileSystemSync.system(), n -> false).firstPass().clean()).isTrue();
        assertThat(server.downloads.get()).as("the placed files are found equal, not fetched again")
                .isEqualTo(downloads);
        assertThat(store.loadBase()).as("and recorded now").hasSize(FILES + 1);
    }

    @Test
    void a_path_written_locally_before_its_rename_keeps_the_local_bytes() throws Exception {
        assumeTrue(FileSystemSync.system().available(), "syncfs(2) is Linux-only");
        fill();
        open(FileSystemSync.system(), n -> false);
        tree.beforePlace = staged -> {
            if (staged.path().value().equals("d/f07.txt")) {
                write("d/f07.txt", "written here meanwhile");
            }
        };

        loop.firstPass();

        Map<String, String> expected = new TreeMap<>(server.snapshot());
        expected.put("d/f07.txt", "written here meanwhile");
        assertThat(local()).isEqualTo(expected);
        assertThat(tempFiles()).isEmpty();

        tree.beforePlace = staged -> { };
        startRunning();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(local()).isEqualTo(server.snapshot())
                .containsEntry("d/f07.txt", "content 7").containsValue("written here meanwhile").hasSize(FILES + 2));
    }

    // ---- fixture -------------------------------------------------------------------------

    private void fill() {
        for (int i = 0; i < FILES; i++) {
            server.put("d/f%02d.txt".formatted(i), "content " + i);
        }
    }

    private SyncLoop open(FileSystemSync fileSystem, IntPredicate flushFails) throws IOException {
        FsLocalTree disk = new FsLocalTree(dir, FsLocalTree.HASH_LATER_FROM, fileSystem);
        tree = new CountingTree(disk, flushFails);
        return open(disk, tree, false);
    }

    private void assertRestartDownloadsNothing() throws Exception {
        int downloads = server.downloads.get();
        open(FileSystemSync.system(), n -> false).firstPass();
        assertThat(server.downloads.get()).isEqualTo(downloads);
    }

    private List<Path> tempFiles() throws IOException {
        return TempFiles.in(dir.resolve(".quantum/tmp"));
    }

    /** The real tree, counting forced stages and flushes, failing the flushes it is told to. */
    static final class CountingTree implements LocalTree {
        private final LocalTree disk;
        private final IntPredicate flushFails;
        final AtomicInteger forcedStages = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();
        volatile Consumer<Staged> beforePlace = staged -> { };

        CountingTree(LocalTree disk, IntPredicate flushFails) {
            this.disk = disk;
            this.flushFails = flushFails;
        }

        @Override
        public Staged stage(RelativePath path, InputStream content, Entry entry, Instant modified, boolean force)
                throws IOException {
            if (force) {
                forcedStages.incrementAndGet();
            }
            return disk.stage(path, content, entry, modified, force);
        }

        @Override
        public LocalEntry place(Staged staged, Optional<LocalEntry> expected, Consumer<LocalEntry> beforeRename)
                throws IOException {
            beforePlace.accept(staged);
            return disk.place(staged, expected, beforeRename);
        }

        @Override
        public void flush() throws IOException {
            if (flushFails.test(flushes.incrementAndGet())) {
                throw new IOException("the disk said EIO");
            }
            disk.flush();
        }

        @Override
        public boolean flushesTogether(int files) {
            return disk.flushesTogether(files);
        }

        @Override
        public void discard(Staged staged) {
            disk.discard(staged);
        }

        @Override
        public Path root() {
            return disk.root();
        }

        @Override
        public boolean markerPresent() {
            return disk.markerPresent();
        }

        @Override
        public LocalScan scan(ScanRequest request, IgnoreRules rules, Function<RelativePath, LocalEntry> known) {
            return disk.scan(request, rules, known);
        }

        @Override
        public Path onDisk(RelativePath path) {
            return disk.onDisk(path);
        }

        @Override
        public Path file(RelativePath path) throws IOException {
            return disk.file(path);
        }

        @Override
        public Optional<LocalEntry> stat(RelativePath path, Optional<LocalEntry> known) throws IOException {
            return disk.stat(path, known);
        }

        @Override
        public Optional<LocalEntry> hash(RelativePath path) throws IOException {
            return disk.hash(path);
        }

        @Override
        public void delete(RelativePath path, LocalEntry expected) throws IOException {
            disk.delete(path, expected);
        }

        @Override
        public void mkdir(RelativePath path) throws IOException {
            disk.mkdir(path);
        }

        @Override
        public void move(RelativePath from, RelativePath to) throws IOException {
            disk.move(from, to);
        }

        @Override
        public void cleanTemp() {
            disk.cleanTemp();
        }
    }
}
