package dev.quantum.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DebouncerTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<String> fired = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void a_burst_of_hints_for_one_key_runs_the_action_once() {
        Debouncer<String> debouncer = new Debouncer<>(executor, Duration.ofMillis(300), Duration.ofSeconds(10), fired::add);
        for (int i = 0; i < 50; i++) {
            debouncer.hint("a");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 1);
    }

    @Test
    void different_keys_each_run_once() {
        Debouncer<String> debouncer = new Debouncer<>(executor, Duration.ofMillis(50), Duration.ofSeconds(10), fired::add);
        debouncer.hint("a");
        debouncer.hint("b");
        debouncer.hint("a");
        await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 2);
        assertThat(fired).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void endless_hints_still_run_the_action_after_the_maximum_delay() throws InterruptedException {
        Debouncer<String> debouncer = new Debouncer<>(executor, Duration.ofSeconds(30), Duration.ofMillis(200), fired::add);
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (fired.isEmpty() && System.nanoTime() < until) {
            debouncer.hint("busy");
            Thread.sleep(5);
        }
        assertThat(fired).contains("busy");
    }
}
