package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.client.local.FsLocalTree;
import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Action;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Plan;
import dev.quantum.core.reconcile.Tree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mass-delete guard's two halves: deletes wait for the folder to settle, and the share counts recent deletes. */
class MassDeleteGuardTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SETTLE = Duration.ofMillis(200);

    @TempDir
    Path dir;
    private Safety safety;
    private final Map<RelativePath, Entry> base = new HashMap<>();

    @BeforeEach
    void twentySyncedFiles() throws IOException {
        safety = guard(false);
        for (int i = 0; i < 20; i++) {
            base.put(path(i), Entry.file("%064x".formatted(i), 6));
        }
    }

    @Test
    void deletes_wait_until_no_event_has_come_for_the_settle_time() {
        Plan plan = deleting(0, 8);

        assertThat(safety.deletesDue(plan, Optional.of(T0), T0.plusMillis(5))).contains(T0.plus(SETTLE));
        // more events keep pushing it back
        Instant later = T0.plusMillis(50);
        assertThat(safety.deletesDue(plan, Optional.of(later), T0.plusMillis(60))).contains(later.plus(SETTLE));
        assertThat(safety.deletesDue(plan, Optional.of(later), later.plus(SETTLE))).isEmpty();
    }

    @Test
    void a_steady_stream_of_events_delays_deletes_at_most_ten_settle_times() {
        Plan plan = deleting(0, 1);
        assertThat(safety.deletesDue(plan, Optional.of(T0), T0)).contains(T0.plus(SETTLE));

        Instant busy = T0.plus(SETTLE.multipliedBy(10)).minusMillis(1);
        assertThat(safety.deletesDue(plan, Optional.of(busy), busy)).contains(T0.plus(SETTLE.multipliedBy(10)));
        Instant limit = T0.plus(SETTLE.multipliedBy(10));
        assertThat(safety.deletesDue(plan, Optional.of(limit), limit)).isEmpty();
        // the next wait starts afresh
        assertThat(safety.deletesDue(plan, Optional.of(limit), limit.plusMillis(1))).contains(limit.plus(SETTLE));
    }

    @Test
    void passes_over_other_paths_in_between_do_not_restart_the_longest_wait() {
        Plan deletes = deleting(0, 1);
        Plan other = new Plan(List.of(), List.of());
        Duration longest = SETTLE.multipliedBy(10);
        assertThat(safety.deletesDue(deletes, Optional.of(T0), T0)).contains(T0.plus(SETTLE));
        for (Instant t = T0.plusMillis(100); t.isBefore(T0.plus(longest)); t = t.plusMillis(100)) {
            assertThat(safety.deletesDue(other, Optional.of(t), t)).isEmpty();
            Instant event = t;
            assertThat(safety.deletesDue(deletes, Optional.of(event), t)).isPresent();
        }

        Instant limit = T0.plus(longest);
        assertThat(safety.deletesDue(deletes, Optional.of(limit), limit)).isEmpty();
    }

    @Test
    void a_wait_whose_deletes_were_undone_is_forgotten_so_a_later_deletion_settles_afresh() {
        assertThat(safety.deletesDue(deleting(0, 1), Optional.of(T0), T0)).isPresent();
        // the file came back: no more deletes; much later another file is deleted
        Instant later = T0.plus(SETTLE.multipliedBy(30));

        assertThat(safety.deletesDue(deleting(1, 2), Optional.of(later), later)).contains(later.plus(SETTLE));
    }

    @Test
    void plans_without_deletes_and_folders_without_events_never_wait() throws IOException {
        assertThat(safety.deletesDue(new Plan(List.of(), List.of()), Optional.of(T0), T0)).isEmpty();
        assertThat(safety.deletesDue(deleting(0, 3), Optional.empty(), T0)).isEmpty();
        Safety atOnce = new Safety(new FsLocalTree(dir), settings(false, Duration.ZERO));
        assertThat(atOnce.deletesDue(deleting(0, 3), Optional.of(T0), T0)).isEmpty();
    }

    @Test
    void a_deletion_whose_first_part_already_went_is_held_as_a_whole() {
        Plan first = deleting(0, 8);
        assertThat(safety.limitDeletes(first, Tree.of(base), localWithout(0, 8), T0)).isEqualTo(first);
        IntStream.range(0, 8).forEach(i -> base.remove(path(i)));

        Plan rest = deleting(8, 15);
        Plan limited = safety.limitDeletes(rest, Tree.of(base), localWithout(0, 15), T0.plusSeconds(1));

        assertThat(limited.actions()).isEmpty();
        assertThat(safety.heldDeletes()).isEqualTo(7);
    }

    @Test
    void deletes_older_than_the_window_no_longer_count_but_held_ones_stay_held() {
        Plan first = deleting(0, 8);
        safety.limitDeletes(first, Tree.of(base), localWithout(0, 8), T0);
        IntStream.range(0, 8).forEach(i -> base.remove(path(i)));

        Instant afterWindow = T0.plus(Safety.WINDOW).plusSeconds(1);
        Plan five = deleting(8, 13);
        assertThat(safety.limitDeletes(five, Tree.of(base), localWithout(0, 13), afterWindow)).isEqualTo(five);
        IntStream.range(8, 13).forEach(i -> base.remove(path(i)));

        // 5 + 3 of 12 within the window: held, and still held long after
        Plan three = deleting(13, 16);
        assertThat(safety.limitDeletes(three, Tree.of(base), localWithout(0, 16), afterWindow).actions()).isEmpty();
        Instant muchLater = afterWindow.plus(Safety.WINDOW.multipliedBy(5));
        assertThat(safety.limitDeletes(three, Tree.of(base), localWithout(0, 16), muchLater).actions()).isEmpty();
        assertThat(safety.heldDeletes()).isEqualTo(3);
    }

    @Test
    void allowing_mass_deletes_lets_everything_through() throws IOException {
        Safety allowing = guard(true);
        Plan all = deleting(0, 20);
        assertThat(allowing.limitDeletes(all, Tree.of(base), localWithout(0, 20), T0)).isEqualTo(all);
        assertThat(allowing.heldDeletes()).isZero();
    }

    private Safety guard(boolean allowMassDelete) throws IOException {
        return new Safety(new FsLocalTree(dir), settings(allowMassDelete, SETTLE));
    }

    private static SyncSettings settings(boolean allowMassDelete, Duration settle) {
        return new SyncSettings("me", true, Duration.ofHours(1), false, allowMassDelete, 0.5, 10, 4,
                Duration.ofMillis(5), Duration.ofMillis(200), settle);
    }

    /** A plan deleting files {@code from} (inclusive) to {@code to} (exclusive) on the server. */
    private Plan deleting(int from, int to) {
        List<Action> actions = new ArrayList<>();
        IntStream.range(from, to).forEach(i -> actions.add(new Action.DeleteRemote(path(i), base.get(path(i)))));
        return new Plan(actions, List.of());
    }

    /** The synced files, less files {@code from} (inclusive) to {@code to} (exclusive), as the local folder has them. */
    private Tree localWithout(int from, int to) {
        Map<RelativePath, Entry> local = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            if (i < from || i >= to) {
                local.put(path(i), Entry.file("%064x".formatted(i), 6));
            }
        }
        return Tree.of(local);
    }

    private static RelativePath path(int i) {
        return RelativePath.of("f" + i + ".txt");
    }
}
