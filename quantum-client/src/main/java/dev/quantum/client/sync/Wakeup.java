package dev.quantum.client.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Lets other threads wake the loop thread, which otherwise sleeps until its next deadline. Thread-safe. */
final class Wakeup {

    private final Clock clock;
    private boolean signalled;

    Wakeup(Clock clock) {
        this.clock = clock;
    }

    synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    /** Waits until signalled or {@code deadline} (forever when empty); consumes the signal. */
    synchronized void await(Optional<Instant> deadline) throws InterruptedException {
        while (!signalled) {
            if (deadline.isEmpty()) {
                wait();
                continue;
            }
            long nanos = Duration.between(clock.instant(), deadline.get()).toNanos();
            if (nanos <= 0) {
                break;
            }
            wait(Math.max(1, (nanos + 999_999) / 1_000_000));
        }
        signalled = false;
    }
}
