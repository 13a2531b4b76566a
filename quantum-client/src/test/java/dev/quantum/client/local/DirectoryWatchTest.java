package dev.quantum.client.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quantum.client.sync.ScanRequest;
import dev.quantum.client.sync.WatchAggregator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatchTest {

    @TempDir
    Path dir;

    @Test
    void reports_the_paths_that_change_and_ignores_the_metadata_folder() throws IOException {
        Path root = dir.toRealPath();
        Files.createDirectories(root.resolve(".quantum/tmp"));
        Files.createDirectories(root.resolve("docs"));
        WatchAggregator aggregator = new WatchAggregator(Clock.systemUTC(), Duration.ZERO, Duration.ZERO);
        Set<Path> entries = new HashSet<>();
        Set<Path> deep = new HashSet<>();
        try (DirectoryWatch watch = DirectoryWatch.start(root, aggregator, () -> { })) {
            Files.writeString(root.resolve(".quantum/tmp/x.part"), "ignored");
            Files.writeString(root.resolve("docs/a.txt"), "a");
            Files.createDirectories(root.resolve("docs/new/deeper"));

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                aggregator.takeIfDue().ifPresent(r -> {
                    entries.addAll(r.entries());
                    deep.addAll(r.deep());
                });
                return entries.contains(Path.of("docs/a.txt")) && deep.contains(Path.of("docs/new"));
            });
        }
        assertThat(entries).noneMatch(p -> p.startsWith(".quantum"));
        assertThat(deep).doesNotContain(ScanRequest.ROOT);
    }

    @Test
    void an_exception_inside_the_watch_loop_counts_as_lost_events_and_asks_for_a_full_rescan() throws IOException {
        Path root = dir.toRealPath();
        WatchAggregator aggregator = new WatchAggregator(Clock.systemUTC(), Duration.ZERO, Duration.ZERO);
        int[] wakes = {0};
        DirectoryWatch.Listener listener = new DirectoryWatch.Listener(root, aggregator, () -> wakes[0]++);

        // What directory-watcher 0.19 hands over instead of an OVERFLOW event.
        listener.onException(new NullPointerException("Cannot invoke \"Object.toString()\" because \"other\" is null"));

        assertThat(wakes[0]).isEqualTo(1);
        assertThat(aggregator.takeIfDue()).contains(ScanRequest.everything());
    }
}
