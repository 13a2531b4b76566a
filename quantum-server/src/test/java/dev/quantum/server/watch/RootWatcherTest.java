package dev.quantum.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.server.store.Precondition;
import dev.quantum.server.store.SyncStore;
import io.methvin.watcher.DirectoryChangeEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root watcher's handling of events, driven by hand on a watcher whose file system watch is not running. */
class RootWatcherTest {

    @TempDir
    Path root;
    SyncStore store;
    RootWatcher watcher;

    @BeforeEach
    void open() throws IOException {
        store = SyncStore.open(root, SyncStore.Options.DEFAULT, Clock.systemUTC());
        store.reconcileAll();
        watcher = RootWatcher.unstarted(store);
    }

    @AfterEach
    void close() throws IOException {
        watcher.close();
        store.close();
    }

    @Test
    void an_overflow_rescans_the_whole_root_and_commits_every_edit_whose_events_were_lost() throws IOException {
        put("kept.txt", "old");
        put("gone.txt", "bye");
        long head = store.head();
        Files.createDirectories(root.resolve("new/deeper"));
        Files.writeString(root.resolve("new/deeper/file.txt"), "hello");
        Files.writeString(root.resolve("kept.txt"), "edited on disk");
        Files.delete(root.resolve("gone.txt"));
        assertThat(store.head()).isEqualTo(head);

        watcher.onEvent(new DirectoryChangeEvent(DirectoryChangeEvent.EventType.OVERFLOW, false, null, null, 1, store.root()));

        await().atMost(Duration.ofSeconds(15)).until(() -> store.head() >= head + 5);
        List<String> operations = store.changes(head, 100).changes().stream().map(RootWatcherTest::describe).toList();
        assertThat(operations).containsExactlyInAnyOrder(
                "Create new/", "Create new/deeper/", "Create new/deeper/file.txt", "Update kept.txt", "Delete gone.txt");
        assertThat(store.metadata(RelativePath.of("kept.txt")).orElseThrow().size()).isEqualTo(14);
        assertThat(store.metadata(RelativePath.of("gone.txt"))).isEmpty();
    }

    @Test
    void an_exception_inside_the_watch_loop_is_taken_for_lost_events_and_rescans_everything() throws IOException {
        put("kept.txt", "old");
        long head = store.head();
        Files.writeString(root.resolve("kept.txt"), "edited on disk");
        Files.writeString(root.resolve("unseen.txt"), "never reported");

        // What directory-watcher 0.19 hands over instead of an OVERFLOW event.
        watcher.onWatchFailure(new NullPointerException());

        await().atMost(Duration.ofSeconds(15)).until(() -> store.head() >= head + 2);
        assertThat(store.changes(head, 100).changes()).extracting(RootWatcherTest::describe)
                .containsExactlyInAnyOrder("Update kept.txt", "Create unseen.txt");
    }

    @Test
    void an_event_for_the_metadata_folder_commits_nothing_and_one_for_a_file_reconciles_it() throws IOException {
        Path real = store.root();
        Files.writeString(real.resolve(".quantum/stray"), "x");
        watcher.onEvent(event(real.resolve(".quantum/stray")));
        Files.writeString(real.resolve("seen.txt"), "seen");
        watcher.onEvent(event(real.resolve("seen.txt")));

        await().atMost(Duration.ofSeconds(15)).until(() -> store.head() >= 1);
        assertThat(store.changes(0, 100).changes()).extracting(RootWatcherTest::describe).containsExactly("Create seen.txt");
    }

    private void put(String path, String content) throws IOException {
        store.put(RelativePath.of(path), new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 0,
                Precondition.NONE, "tester");
    }

    private static DirectoryChangeEvent event(Path path) {
        return new DirectoryChangeEvent(DirectoryChangeEvent.EventType.CREATE, false, path, null, 1, path.getParent());
    }

    private static String describe(Change change) {
        return switch (change.operation()) {
            case Operation.Create c -> "Create " + c.metadata().path() + (c.metadata().isDirectory() ? "/" : "");
            case Operation.Update u -> "Update " + u.metadata().path();
            case Operation.Delete d -> "Delete " + d.path();
            case Operation.Move m -> "Move " + m.from() + " " + m.to();
        };
    }
}
