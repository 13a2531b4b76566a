package dev.quantum.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.RelativePath;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModifiedTimesTest {

    private final ModifiedTimes times = new ModifiedTimes();

    @Test
    void a_time_reads_back_to_the_nanosecond() {
        Instant t = Instant.parse("2026-03-04T05:06:07.123456789Z");
        times.put(p("a"), t);
        times.put(p("b"), Instant.parse("1960-01-01T00:00:00.5Z"));

        assertThat(times.get(p("a"))).contains(t);
        assertThat(times.get(p("b"))).contains(Instant.parse("1960-01-01T00:00:00.5Z"));
        assertThat(times.get(p("c"))).isEmpty();
    }

    @Test
    void a_time_beyond_a_long_of_nanoseconds_is_kept_as_it_is() {
        times.put(p("a"), Instant.MAX);
        times.put(p("b"), Instant.MIN);

        assertThat(times.get(p("a"))).contains(Instant.MAX);
        assertThat(times.get(p("b"))).contains(Instant.MIN);
        times.put(p("a"), Instant.EPOCH);
        assertThat(times.get(p("a"))).contains(Instant.EPOCH);
        assertThat(times.size()).isEqualTo(2);
        times.remove(p("b"));
        assertThat(times.get(p("b"))).isEmpty();
    }

    @Test
    void many_puts_and_removes_agree_with_a_plain_map() {
        Map<RelativePath, Instant> expected = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            RelativePath path = p("d" + random.nextInt(50) + "/f" + random.nextInt(200));
            if (random.nextInt(3) == 0) {
                times.remove(path);
                expected.remove(path);
            } else {
                Instant t = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
                times.put(path, t);
                expected.put(path, t);
            }
        }

        assertThat(times.size()).isEqualTo(expected.size());
        expected.forEach((path, t) -> assertThat(times.get(path)).contains(t));
        Map<RelativePath, Instant> seen = new HashMap<>();
        times.forEach(seen::put);
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void clearing_forgets_everything() {
        times.put(p("a"), Instant.EPOCH);
        times.put(p("b"), Instant.MAX);

        times.clear();

        assertThat(times.size()).isZero();
        assertThat(times.get(p("a"))).isEmpty();
        assertThat(times.get(p("b"))).isEmpty();
    }

    private static RelativePath p(String path) {
        return RelativePath.of(path);
    }
}
