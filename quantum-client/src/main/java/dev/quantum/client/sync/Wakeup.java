package dev.quantum.client.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets other threads wake the loop thread, which otherwise sleeps until its next deadline
 * (to the microsecond: a lone watcher event is due 1 ms after it came). Thread-safe.
 */
final class Wakeup {

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean signalled;

    Wakeup(Clock clock) {
        this.clock = clock;
    }

    void signal() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until signalled or {@code deadline} (forever when empty); consumes the signal. */
    void await(Optional<Instant> deadline) throws InterruptedException {
        lock.lock();
        try {
            while (!signalled) {
                if (deadline.isEmpty()) {
                    changed.await();
                    continue;
                }
                long nanos = Duration.between(clock.instant(), deadline.get()).toNanos();
                if (nanos <= 0) {
                    break;
                }
                changed.awaitNanos(nanos);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }
}
