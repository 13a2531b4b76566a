package dev.quantum.e2e.client;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/** Waiting for convergence with a generous timeout, failing with the evidence (logs, snapshots) when it never comes. */
final class Wait {

    private Wait() {
    }

    static void until(String what, Duration atMost, Callable<Boolean> condition, Supplier<String> evidence) {
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofMillis(50)).pollDelay(Duration.ZERO).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + atMost + " waiting for " + what + "\n" + evidence.get(), e);
        }
    }
}
