package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final FakeClock clock = new FakeClock(T0);
    private final WatchAggregator aggregator = new WatchAggregator(clock, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(100));

    @Test
    void nothing_is_due_without_events() {
        assertThat(aggregator.dueAt()).isEmpty();
        assertThat(aggregator.takeIfDue()).isEmpty();
    }

    @Test
    void a_lone_file_event_is_due_after_the_short_lone_delay() {
        aggregator.changed(Path.of("docs/a.txt"), false);
        aggregator.changed(Path.of("docs/a.txt"), false);

        assertThat(aggregator.dueAt()).contains(T0.plusMillis(1));
        assertThat(aggregator.takeIfDue()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(aggregator.takeIfDue())
                .contains(new ScanRequest(false, java.util.Set.of(), java.util.Set.of(), java.util.Set.of(Path.of("docs/a.txt"))));
        assertThat(aggregator.dueAt()).isEmpty();
    }

    @Test
    void the_latest_event_is_remembered_after_its_scan_was_handed_out() {
        assertThat(aggregator.lastEvent()).isEmpty();
        aggregator.changed(Path.of("a.txt"), false);
        clock.advance(Duration.ofMillis(3));
        aggregator.changed(Path.of("b.txt"), false);
        clock.advance(Duration.ofMillis(5));

        assertThat(aggregator.takeIfDue()).isPresent();
        assertThat(aggregator.lastEvent()).contains(T0.plusMillis(3));
    }

    @Test
    void a_second_path_makes_a_burst_that_waits_the_quiet_delay() {
        aggregator.changed(Path.of("docs/a.txt"), false);
        aggregator.changed(Path.of("docs/b.txt"), false);

        assertThat(aggregator.dueAt()).contains(T0.plusMillis(5));
        clock.advance(Duration.ofMillis(4));
        assertThat(aggregator.takeIfDue()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(aggregator.takeIfDue().orElseThrow().entries()).hasSize(2);
    }

    @Test
    void a_new_folder_waits_the_quiet_delay_for_what_is_written_into_it() {
        aggregator.changed(Path.of("docs/new"), true);

        assertThat(aggregator.dueAt()).contains(T0.plusMillis(5));
    }

    @Test
    void lost_events_wait_the_quiet_delay() {
        aggregator.overflow();

        assertThat(aggregator.dueAt()).contains(T0.plusMillis(5));
    }

    @Test
    void a_burst_becomes_one_request_with_every_path() {
        aggregator.changed(Path.of("a.txt"), false);
        clock.advance(Duration.ofMillis(3));
        aggregator.changed(Path.of("docs/b.txt"), false);
        aggregator.changed(Path.of("docs/new"), true);
        clock.advance(Duration.ofMillis(5));

        ScanRequest request = aggregator.takeIfDue().orElseThrow();

        assertThat(request.full()).isFalse();
        assertThat(request.entries()).containsExactlyInAnyOrder(Path.of("a.txt"), Path.of("docs/b.txt"), Path.of("docs/new"));
        assertThat(request.deep()).containsExactly(Path.of("docs/new"));
    }

    @Test
    void a_steady_stream_is_still_scanned_after_the_maximum_delay() {
        for (int i = 0; i < 30; i++) {
            aggregator.changed(Path.of("log.txt"), false);
            clock.advance(Duration.ofMillis(4));
        }

        assertThat(aggregator.dueAt()).contains(T0.plusMillis(100));
        assertThat(aggregator.takeIfDue()).isPresent();
    }

    @Test
    void lost_events_make_a_full_scan() {
        aggregator.changed(Path.of("a.txt"), false);
        aggregator.overflow();
        clock.advance(Duration.ofMillis(5));

        assertThat(aggregator.takeIfDue()).contains(ScanRequest.everything());
    }

    @Test
    void many_paths_become_scans_of_their_folders() {
        for (int i = 0; i <= WatchAggregator.MAX_ENTRIES; i++) {
            aggregator.changed(Path.of("d" + (i % 3) + "/f" + i), false);
        }
        clock.advance(Duration.ofMillis(5));

        ScanRequest request = aggregator.takeIfDue().orElseThrow();
        assertThat(request.entries()).isEmpty();
        assertThat(request.shallow()).containsExactlyInAnyOrder(Path.of("d0"), Path.of("d1"), Path.of("d2"));
    }

    @Test
    void too_many_folders_make_a_full_scan() {
        for (int i = 0; i <= WatchAggregator.MAX_FOLDERS; i++) {
            aggregator.changed(Path.of("d" + i), true);
        }
        clock.advance(Duration.ofMillis(5));

        assertThat(aggregator.takeIfDue().orElseThrow().full()).isTrue();
    }

    @Test
    void refuses_a_lone_delay_longer_than_the_delay() {
        assertThatThrownBy(() -> new WatchAggregator(clock, Duration.ofMillis(6), Duration.ofMillis(5), Duration.ofMillis(10)))
                .hasMessageContaining("loneDelay <= delay");
    }

    @Test
    void refuses_a_maximum_delay_shorter_than_the_delay() {
        assertThatThrownBy(() -> new WatchAggregator(clock, Duration.ofMillis(10), Duration.ofMillis(5)))
                .hasMessageContaining("delay <= maxDelay");
    }
}
