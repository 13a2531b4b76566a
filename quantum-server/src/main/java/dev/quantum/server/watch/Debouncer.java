package dev.quantum.server.watch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an action for a key once events for it stop arriving for {@code quiet}, but no
 * later than {@code maxDelay} after the first of them, so a file written continuously
 * is still looked at (Syncthing's aggregator in small). Actions run one at a time on
 * the given executor. Thread-safe.
 */
final class Debouncer<K> {

    private record Pending(ScheduledFuture<?> future, long firstNanos) {
    }

    private final ScheduledExecutorService executor;
    private final Duration quiet;
    private final Duration maxDelay;
    private final Consumer<K> action;
    private final Map<K, Pending> pending = new HashMap<>();

    Debouncer(ScheduledExecutorService executor, Duration quiet, Duration maxDelay, Consumer<K> action) {
        this.executor = executor;
        this.quiet = quiet;
        this.maxDelay = maxDelay;
        this.action = action;
    }

    synchronized void hint(K key) {
        long now = System.nanoTime();
        Pending previous = pending.get(key);
        long first = previous == null ? now : previous.firstNanos();
        if (previous != null) {
            if (now - first >= maxDelay.toNanos()) {
                return;
            }
            previous.future().cancel(false);
        }
        long delay = Math.min(quiet.toNanos(), first + maxDelay.toNanos() - now);
        ScheduledFuture<?> future = executor.schedule(() -> fire(key), Math.max(0, delay), TimeUnit.NANOSECONDS);
        pending.put(key, new Pending(future, first));
    }

    private void fire(K key) {
        synchronized (this) {
            pending.remove(key);
        }
        action.accept(key);
    }
}
