package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quantum.client.local.FsLocalTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Files the scan leaves unhashed (here every non-empty file) are hashed by their upload, or
 * by the plan where it compares their content; against a real folder, real SQLite and an
 * in-memory server.
 */
class HashedUploadTest extends RealFolderLoopTest {

    @Test
    void a_new_file_is_uploaded_and_its_sent_hash_becomes_the_base() throws Exception {
        write("big.bin", "version one");

        assertThat(open().firstPass().clean()).isTrue();
        assertThat(server.read("big.bin")).contains("version one");
        open().firstPass();
        assertThat(server.uploads.get()).isEqualTo(1);

        write("big.bin", "version two!");
        open().firstPass();
        assertThat(server.read("big.bin")).contains("version two!");
        assertThat(server.refused.get()).isZero();
    }

    @Test
    void an_unhashed_file_the_server_also_holds_is_hashed_and_found_equal() throws Exception {
        server.put("same.bin", "same content");
        write("same.bin", "same content");

        SyncLoop.Report report = open().firstPass();

        assertThat(report.clean()).isTrue();
        assertThat(server.uploads.get()).isZero();
        assertThat(server.downloads.get()).isZero();
        assertThat(files()).containsExactly("same.bin");
    }

    @Test
    void an_unhashed_file_that_differs_from_the_servers_keeps_both_versions() throws Exception {
        server.put("clash.bin", "server version");
        write("clash.bin", "local version");

        assertThat(open().firstPass().clean()).isTrue();

        assertThat(server.read("clash.bin")).contains("server version");
        assertThat(server.read("clash.sync-conflict-20260304-050607-me.bin")).contains("local version");
        assertThat(Files.readString(dir.resolve("clash.bin"))).isEqualTo("server version");
    }

    @Test
    void a_renamed_file_is_hashed_to_find_the_move_and_is_not_sent_again() throws Exception {
        write("old-name.bin", "moved content");
        open().firstPass();
        Files.move(dir.resolve("old-name.bin"), dir.resolve("new-name.bin"));

        open().firstPass();

        assertThat(server.snapshot()).containsOnlyKeys("new-name.bin");
        assertThat(server.uploads.get()).isEqualTo(1);
    }

    @Test
    void a_file_changed_during_its_upload_is_sent_again_without_a_conflict() throws Exception {
        write("busy.bin", "first");
        AtomicBoolean once = new AtomicBoolean();
        server.duringUpload(() -> {
            if (once.compareAndSet(false, true)) {
                write("busy.bin", "second, longer");
            }
        });

        open().firstPass();
        assertThat(server.read("busy.bin")).contains("first");
        startRunning();

        await().atMost(Duration.ofSeconds(20)).until(() -> server.read("busy.bin").orElse("").equals("second, longer"));
        assertThat(server.snapshot()).containsOnlyKeys("busy.bin");
        assertThat(files()).containsExactly("busy.bin");
    }

    @Test
    void a_file_deleted_during_its_upload_is_then_deleted_on_the_server_and_not_brought_back() throws Exception {
        write("gone.bin", "short-lived");
        server.duringUpload(() -> {
            try {
                Files.deleteIfExists(dir.resolve("gone.bin"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        open().firstPass();
        startRunning();

        await().atMost(Duration.ofSeconds(20)).until(() -> server.snapshot().isEmpty());
        assertThat(files()).isEmpty();
    }

    @Test
    void an_upload_the_server_stored_differently_from_what_was_sent_fails_as_a_problem() throws Exception {
        write("garbled.bin", "what was sent");
        server.stores(sent -> "something else".getBytes());

        SyncLoop.Report report = open().firstPass();

        assertThat(report.problems()).hasEntrySatisfying(dev.quantum.core.RelativePath.of("garbled.bin"),
                reason -> assertThat(reason).contains("the server stored content hashing to").contains("what was sent hashes to"));
        assertThat(Files.readString(dir.resolve("garbled.bin"))).isEqualTo("what was sent");
    }

    private SyncLoop open() throws IOException {
        FsLocalTree tree = new FsLocalTree(dir, 1);
        return open(tree, tree, false);
    }

    private java.util.List<String> files() throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".quantum")).sorted().toList();
        }
    }
}
