package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quantum.client.local.FsLocalTree;
import dev.quantum.core.RelativePath;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Runs of small files travel in batches (many files to one request), each file with the same
 * checks and the same failure as alone; against a real folder, real SQLite and an in-memory
 * server that counts its batch calls.
 */
class BatchedTransfersTest extends RealFolderLoopTest {

    private static final int FILES = 50;
    private static final String MIDDLE = "d/f20.txt";

    @Test
    void a_run_of_small_files_downloads_in_a_few_batches() throws Exception {
        fillServer();

        SyncLoop.Report report = open().firstPass();

        assertThat(report.clean()).isTrue();
        assertThat(local()).isEqualTo(server.snapshot()).hasSize(FILES + 1);
        assertThat(server.downloadBatches).hasSizeBetween(2, 8);
        assertThat(server.downloadBatches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(FILES);
        int downloads = server.downloads.get();
        open().firstPass();
        assertThat(server.downloads.get()).as("a restart fetches nothing again").isEqualTo(downloads);
    }

    @Test
    void a_run_of_small_files_uploads_in_a_few_batches_and_knows_its_own_writes() throws Exception {
        fillFolder();

        SyncLoop.Report report = open().firstPass();

        assertThat(report.clean()).isTrue();
        assertThat(server.snapshot()).isEqualTo(local()).hasSize(FILES + 1);
        assertThat(server.uploadBatches).hasSizeBetween(2, 8);
        assertThat(server.uploadBatches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(FILES);
        assertThat(server.logReads).as("every stored file was counted as our own write: no gap to read back").hasValue(0);
        open().firstPass();
        assertThat(server.uploads.get()).as("a restart sends nothing again").isEqualTo(FILES);
    }

    @Test
    void a_tree_of_new_empty_folders_is_created_on_the_server_concurrently_and_each_one_recorded() throws Exception {
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 5; j++) {
                java.nio.file.Files.createDirectories(dir.resolve("top" + i + "/sub" + j));
            }
        }

        SyncLoop.Report report = open().firstPass();

        assertThat(report.clean()).isTrue();
        assertThat(server.snapshot()).isEqualTo(local()).hasSize(36);
        assertThat(server.logReads).as("every folder created was counted as our own write").hasValue(0);
        long head = server.changesSince(0).seq();
        open().firstPass();
        assertThat(server.changesSince(0).seq()).as("a restart creates nothing again").isEqualTo(head);
    }

    @Test
    void a_file_changed_on_the_server_under_a_batched_download_fails_alone_and_the_rest_land() throws Exception {
        fillServer();
        Map<String, String> planned = server.snapshot();
        changeOnceInItsBatch(() -> server.put(MIDDLE, "changed by another client"));

        SyncLoop.Report report = open().firstPass();

        assertThat(report.clean()).isTrue();
        Map<String, String> others = new TreeMap<>(planned);
        others.remove(MIDDLE);
        assertThat(local()).as("all but the changed file").isEqualTo(others);

        startRunning();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(local()).isEqualTo(server.snapshot())
                .containsEntry(MIDDLE, "changed by another client"));
    }

    @Test
    void a_file_created_on_the_server_under_a_batched_upload_fails_alone_and_both_versions_are_kept() throws Exception {
        fillFolder();
        changeOnceInItsBatch(() -> server.put(MIDDLE, "created by another client"));

        SyncLoop.Report report = open().firstPass();

        assertThat(report.clean()).isTrue();
        Map<String, String> expected = new TreeMap<>(local());
        expected.put(MIDDLE, "created by another client");
        assertThat(server.snapshot()).as("the others landed; the create-only upload did not replace theirs").isEqualTo(expected);

        startRunning();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.snapshot()).isEqualTo(local())
                .containsEntry(MIDDLE, "created by another client")
                .containsEntry("d/f20.sync-conflict-20260304-050607-me.txt", "content 20"));
    }

    @Test
    void a_file_changed_locally_during_a_batched_upload_is_not_recorded_as_in_sync_and_is_sent_again() throws Exception {
        fillFolder();
        changeOnceInItsBatch(() -> write(MIDDLE, "edited while it was being sent"));

        open().firstPass();

        assertThat(server.read(MIDDLE)).contains("edited while it was being sent");
        assertThat(store.loadBase()).as("only the edited file is recorded as not matching the disk").hasSize(FILES + 1)
                .allSatisfy((path, entry) -> assertThat(entry.modifiedNanos() == -1).isEqualTo(path.value().equals(MIDDLE)));
        startRunning();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.snapshot()).isEqualTo(local())
                .containsEntry(MIDDLE, "edited while it was being sent").hasSize(FILES + 1));
    }

    @Test
    void big_files_keep_a_request_of_their_own() throws Exception {
        String big = "x".repeat((int) Batches.SMALL_FILE + 1);
        for (int i = 0; i < 5; i++) {
            write("up/big" + i + ".bin", big);
            server.put("down/big" + i + ".bin", big);
        }
        for (int i = 0; i < 10; i++) {
            write("up/small" + i + ".txt", "small " + i);
            server.put("down/small" + i + ".txt", "small " + i);
        }

        assertThat(open().firstPass().clean()).isTrue();

        assertThat(local()).isEqualTo(server.snapshot()).hasSize(32);
        assertThat(server.uploadBatches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        assertThat(server.downloadBatches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
        assertThat(server.uploads).hasValue(15);
        assertThat(server.downloads).hasValue(15);
    }

    @Test
    void fewer_than_four_small_files_go_one_by_one() throws Exception {
        for (int i = 0; i < 3; i++) {
            write("up/f" + i + ".txt", "up " + i);
            server.put("down/f" + i + ".txt", "down " + i);
        }

        assertThat(open().firstPass().clean()).isTrue();

        assertThat(local()).isEqualTo(server.snapshot()).hasSize(8);
        assertThat(server.uploadBatches).isEmpty();
        assertThat(server.downloadBatches).isEmpty();
    }

    // ---- fixture -------------------------------------------------------------------------

    private SyncLoop open() throws IOException {
        FsLocalTree tree = new FsLocalTree(dir);
        return open(tree, tree, false);
    }

    private void fillServer() {
        for (int i = 0; i < FILES; i++) {
            server.put("d/f%02d.txt".formatted(i), "content " + i);
        }
    }

    private void fillFolder() {
        for (int i = 0; i < FILES; i++) {
            write("d/f%02d.txt".formatted(i), "content " + i);
        }
    }

    /**
     * Runs {@code change} once, when the batch that carries {@link #MIDDLE} (not first, not last
     * in it) comes: after the plan and the checks before sending, before any of it is read.
     */
    private void changeOnceInItsBatch(Runnable change) {
        AtomicBoolean once = new AtomicBoolean();
        server.beforeBatch(paths -> {
            int at = paths.indexOf(RelativePath.of(MIDDLE));
            if (at >= 0 && once.compareAndSet(false, true)) {
                assertThat(at).as("in the middle of its batch").isStrictlyBetween(0, paths.size() - 1);
                change.run();
            }
        });
    }
}
