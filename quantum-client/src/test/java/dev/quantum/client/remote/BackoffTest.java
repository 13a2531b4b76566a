package dev.quantum.client.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(1));

    @Test
    void doubles_from_one_second_up_to_a_minute_with_jitter() {
        long[] ceilings = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
        for (long ceiling : ceilings) {
            assertThat(backoff.next().toMillis()).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void starts_over_after_a_success() {
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        backoff.reset();

        assertThat(backoff.next().toMillis()).isBetween(500L, 1000L);
    }

    @Test
    void spreads_clients_apart() {
        Backoff other = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(2));
        for (int i = 0; i < 5; i++) {
            backoff.next();
            other.next();
        }
        assertThat(backoff.next()).isNotEqualTo(other.next());
    }

    @Test
    void refuses_a_maximum_below_the_start() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), new Random()))
                .hasMessageContaining("0 < initial <= max");
    }
}
