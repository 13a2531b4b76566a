package dev.quantum.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One CONNECT command's connections in progress: at most {@code window} handshakes in
 * flight, and a count of those not yet settled (subscribed, or failed). Thread-safe.
 */
final class Batch {

    private final Semaphore inFlight;
    private final CountDownLatch pending;

    Batch(int connections, int window) {
        this.inFlight = new Semaphore(window);
        this.pending = new CountDownLatch(connections);
    }

    /** Waits for room for one more handshake; false after {@code seconds}. */
    boolean admit(long seconds) throws InterruptedException {
        return inFlight.tryAcquire(seconds, TimeUnit.SECONDS);
    }

    /** One admitted connection is done connecting, either way. Call once per admitted connection. */
    void settled() {
        inFlight.release();
        pending.countDown();
    }

    /** A connection that was never admitted (the command gave up): counts it as settled without a handshake. */
    void skipped() {
        pending.countDown();
    }

    boolean await(long seconds) throws InterruptedException {
        return pending.await(seconds, TimeUnit.SECONDS);
    }
}
