package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quantum.client.local.FsLocalTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The loop against a real folder, real SQLite and an in-memory server. */
class SyncLoopTest extends RealFolderLoopTest {

    private SyncLoop open(boolean allowMassDelete) throws IOException {
        FsLocalTree tree = new FsLocalTree(dir);
        return open(tree, tree, allowMassDelete);
    }

    @Test
    void the_first_pass_merges_both_sides_and_keeps_both_versions_of_a_clash() throws Exception {
        server.put("docs/server-only.txt", "S");
        server.put("both.txt", "server version");
        write("local-only/a.txt", "L");
        write("both.txt", "local version");

        SyncLoop.Report report = open(false).firstPass();

        assertThat(report.clean()).isTrue();
        assertThat(local()).isEqualTo(server.snapshot()).containsEntry("docs/server-only.txt", "S")
                .containsEntry("local-only/a.txt", "L").containsEntry("both.txt", "server version")
                .containsEntry("both.sync-conflict-20260304-050607-me.txt", "local version");
    }

    @Test
    void a_restart_transfers_nothing_that_is_already_in_place() throws Exception {
        server.put("a.txt", "A");
        write("b.txt", "B");
        open(false).firstPass();
        int uploads = server.uploads.get();
        int downloads = server.downloads.get();

        open(false).firstPass();

        assertThat(server.uploads.get()).isEqualTo(uploads);
        assertThat(server.downloads.get()).isEqualTo(downloads);
        assertThat(server.listings.get()).isEqualTo(1);
    }

    @Test
    void a_restart_after_the_log_expired_compares_listings_and_still_transfers_nothing() throws Exception {
        server.put("a.txt", "A");
        open(false).firstPass();
        server.put("later.txt", "L");
        server.expireLog();
        int downloads = server.downloads.get();

        open(false).firstPass();

        assertThat(server.listings.get()).isEqualTo(2);
        assertThat(server.downloads.get()).isEqualTo(downloads + 1);
        assertThat(local()).isEqualTo(server.snapshot());
    }

    @Test
    void changes_made_while_the_server_is_down_are_sent_once_when_it_is_back() throws Exception {
        write("a.txt", "v1");
        open(false).firstPass();
        server.available(false);
        write("a.txt", "v2");
        write("new.txt", "n");
        Files.delete(dir.resolve("a.txt"));
        write("a.txt", "v3");

        assertThatThrownBy(() -> open(false).firstPass()).isInstanceOf(RemoteException.Unavailable.class);
        server.available(true);
        int uploads = server.uploads.get();
        open(false).firstPass();

        assertThat(server.uploads.get()).isEqualTo(uploads + 2);
        assertThat(server.snapshot()).containsEntry("a.txt", "v3").containsEntry("new.txt", "n");
        open(false).firstPass();
        assertThat(server.uploads.get()).isEqualTo(uploads + 2);
    }

    @Test
    void an_unreachable_server_is_retried_on_triggers_not_in_a_busy_loop() throws Exception {
        write("a.txt", "A");
        server.available(false);
        assertThatThrownBy(() -> open(false).firstPass()).isInstanceOf(RemoteException.Unavailable.class);
        startRunning();

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> server.refused.get() <= 2);
        server.available(true);
        loop.pushEvents().subscribed(0);

        await().atMost(Duration.ofSeconds(10)).until(() -> server.snapshot().containsKey("a.txt"));
    }

    @Test
    void a_deletion_spread_over_several_scans_is_still_held_back_as_a_whole() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("f" + i + ".txt", "file " + i);
        }
        open(false).firstPass();
        deleteAndReport(0, 11);
        assertThat(open(false).firstPass().heldDeletes()).isEqualTo(11);
        startRunning();

        deleteAndReport(11, 15);
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.report().heldDeletes() == 15);

        assertThat(server.snapshot()).hasSize(20);
    }

    @Test
    void allowing_mass_deletes_lets_them_through() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("f" + i + ".txt", "file " + i);
        }
        open(false).firstPass();
        for (int i = 0; i < 15; i++) {
            Files.delete(dir.resolve("f" + i + ".txt"));
        }

        assertThat(open(false).firstPass().heldDeletes()).isEqualTo(15);
        assertThat(server.snapshot()).hasSize(20);
        assertThat(open(true).firstPass().clean()).isTrue();
        assertThat(server.snapshot()).hasSize(5);
    }

    @Test
    void an_emptied_folder_stops_the_run_without_touching_the_server() throws Exception {
        for (int i = 0; i < 12; i++) {
            write("d/f" + i + ".txt", "file " + i);
        }
        open(false).firstPass();
        deleteTree(dir.resolve("d"));

        assertThatThrownBy(() -> open(false).firstPass()).isInstanceOf(SafetyStopException.class)
                .hasMessageContaining("is empty, but 12 files were synced before");
        assertThat(server.snapshot()).hasSize(13);
    }

    @Test
    void a_vanished_marker_stops_the_run() throws Exception {
        write("a.txt", "A");
        SyncLoop first = open(false);
        first.firstPass();
        store.close();
        store = null;
        deleteTree(dir.resolve(".quantum"));

        assertThatThrownBy(first::firstPass).isInstanceOf(SafetyStopException.class).hasMessageContaining(".quantum marker is gone");
        assertThat(server.snapshot()).containsOnlyKeys("a.txt");
    }

    @Test
    void ignored_files_stay_local_until_the_rules_let_them_go() throws Exception {
        write(".syncignore", "*.log\nbuild/\n");
        write("app.log", "noise");
        write("build/out.bin", "binary");
        write("notes.swp", "vim");
        write("keep.txt", "k");
        open(false).firstPass();
        assertThat(server.snapshot()).containsOnlyKeys(".syncignore", "keep.txt");

        open(false).firstPass();
        assertThat(server.listings.get()).as("unchanged rules resume from the log").isEqualTo(1);

        write(".syncignore", "build/\n");
        open(false).firstPass();

        assertThat(server.snapshot()).containsOnlyKeys(".syncignore", "keep.txt", "app.log");
        assertThat(server.listings.get()).as("changed rules compare full listings").isEqualTo(2);
    }

    @Test
    void own_writes_need_no_reading_back_when_the_server_says_where_they_landed() throws Exception {
        write("first.txt", "F");
        open(false).firstPass();
        write("a.txt", "A");
        write("d/e/b.txt", "B");
        int reads = server.logReads.get();

        open(false).firstPass();

        assertThat(server.snapshot()).containsKeys("a.txt", "d/e/b.txt");
        assertThat(server.logReads.get()).as("only the resume read").isEqualTo(reads + 1);
        assertThat(loop.seq()).isEqualTo(server.changesSince(0).seq());
    }

    @Test
    void a_pushed_change_that_follows_the_last_one_seen_is_applied_without_reading_the_log() throws Exception {
        write("a.txt", "A");
        open(false).firstPass();
        startRunning();
        int reads = server.logReads.get();

        server.put("b.txt", "B");
        loop.pushEvents().operation(server.pushed(true));
        server.put("c.txt", "C");
        loop.pushEvents().operation(server.pushed(true));

        await().atMost(Duration.ofSeconds(10)).until(() -> local().containsKey("c.txt") && local().containsKey("b.txt"));
        assertThat(local()).containsEntry("b.txt", "B").containsEntry("c.txt", "C");
        assertThat(server.logReads.get()).as("no log read").isEqualTo(reads);
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.seq() == server.changesSince(0).seq());
    }

    @Test
    void a_file_whose_bytes_came_with_its_push_is_installed_without_downloading_it() throws Exception {
        write("a.txt", "A");
        open(false).firstPass();
        startRunning();
        int downloads = server.downloads.get();

        server.put("b.txt", "pushed bytes");
        loop.pushEvents().operation(server.pushedWith("pushed bytes".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 6; i++) {
            server.put("burst/" + i + ".txt", "burst " + i);
            loop.pushEvents().operation(server.pushedWith(("burst " + i).getBytes(StandardCharsets.UTF_8)));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> local().containsKey("burst/5.txt") && local().containsKey("b.txt"));
        assertThat(local()).isEqualTo(server.snapshot());
        assertThat(server.downloads.get()).as("no download request").isEqualTo(downloads);
    }

    @Test
    void pushed_bytes_that_do_not_match_the_change_are_not_used_and_the_file_is_downloaded() throws Exception {
        write("a.txt", "A");
        open(false).firstPass();
        startRunning();
        int downloads = server.downloads.get();

        server.put("b.txt", "the real bytes");
        loop.pushEvents().operation(server.pushedWith("other bytes!!!".getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(10)).until(() -> local().containsKey("b.txt"));
        assertThat(local()).containsEntry("b.txt", "the real bytes");
        assertThat(server.downloads.get()).isEqualTo(downloads + 1);
    }

    @Test
    void a_pushed_change_after_a_gap_reads_the_log_and_gets_the_missed_changes_too() throws Exception {
        write("a.txt", "A");
        open(false).firstPass();
        startRunning();
        int reads = server.logReads.get();

        server.put("missed.txt", "M");
        server.put("b.txt", "B");
        loop.pushEvents().operation(server.pushed(true));

        await().atMost(Duration.ofSeconds(10)).until(() -> local().containsKey("missed.txt") && local().containsKey("b.txt"));
        assertThat(local()).containsEntry("missed.txt", "M").containsEntry("b.txt", "B");
        assertThat(server.logReads.get()).as("one log read for the gap").isEqualTo(reads + 1);
    }

    @Test
    void a_pushed_change_without_a_seq_is_read_from_the_log() throws Exception {
        write("a.txt", "A");
        open(false).firstPass();
        startRunning();
        int reads = server.logReads.get();

        server.put("a.txt", "A2");
        loop.pushEvents().operation(server.pushed(false));

        await().atMost(Duration.ofSeconds(10)).until(() -> "A2".equals(local().get("a.txt")));
        assertThat(server.logReads.get()).isEqualTo(reads + 1);
    }

    @Test
    void a_pushed_change_seen_already_in_the_log_is_not_applied_twice() throws Exception {
        write("a.txt", "A");
        open(false).firstPass();
        startRunning();
        server.put("b.txt", "B");
        var late = server.pushed(true);
        server.put("b.txt", "B2");
        loop.pushEvents().operation(server.pushed(true));
        await().atMost(Duration.ofSeconds(10)).until(() -> "B2".equals(local().get("b.txt")));
        int downloads = server.downloads.get();

        loop.pushEvents().operation(late);
        loop.pushEvents().operation(server.pushed(true));
        write("z.txt", "Z");
        loop.aggregator().changed(Path.of("z.txt"), false);
        loop.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> server.read("z.txt").isPresent());
        assertThat(local()).containsEntry("b.txt", "B2");
        assertThat(server.downloads.get()).isEqualTo(downloads);
    }

    @Test
    void remote_changes_arrive_through_the_log_when_polling() throws Exception {
        write("a.txt", "A");
        open(false).firstPass();
        server.put("a.txt", "A2");
        server.put("deep/new.txt", "N");

        open(false).firstPass();

        assertThat(local()).containsEntry("a.txt", "A2").containsEntry("deep/new.txt", "N");
        assertThat(server.listings.get()).isEqualTo(1);
    }

    @Test
    void a_replaced_server_gets_everything_again_instead_of_emptying_the_folder() throws Exception {
        write("a.txt", "A");
        write("d/b.txt", "B");
        open(false).firstPass();
        server.put("c.txt", "C");
        open(false).firstPass();

        server.wipe();
        server.put("fresh.txt", "F");
        open(false).firstPass();

        assertThat(local()).containsEntry("a.txt", "A").containsEntry("d/b.txt", "B").containsEntry("c.txt", "C")
                .containsEntry("fresh.txt", "F");
        assertThat(server.snapshot()).isEqualTo(local());
    }

    private void deleteAndReport(int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            Files.delete(dir.resolve("f" + i + ".txt"));
            loop.aggregator().changed(Path.of("f" + i + ".txt"), false);
        }
        loop.wake();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
