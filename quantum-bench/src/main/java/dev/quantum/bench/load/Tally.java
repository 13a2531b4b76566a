package dev.quantum.bench.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one generator's subscribers saw, counted by its selector threads and read by its
 * command thread: arrivals per upload, live connections, and problems (a duplicate or
 * out-of-order FileOperation, a server Error, a protocol violation), with the first one's
 * description. Thread-safe.
 */
final class Tally {

    private final AtomicIntegerArray arrivals = new AtomicIntegerArray(Subscriber.MAX_UPLOADS);
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong problems = new AtomicLong();
    private volatile String firstProblem = "";
    private volatile String firstFailure = "";

    /** Called after a subscriber stored its receipt of upload {@code k}: publishes it to {@link #arrivals}' readers. */
    void arrived(int k) {
        arrivals.incrementAndGet(k);
    }

    int arrivals(int k) {
        return arrivals.get(k);
    }

    void subscribed() {
        live.incrementAndGet();
    }

    void unsubscribed() {
        live.decrementAndGet();
    }

    /** Subscribed connections still open. */
    int live() {
        return live.get();
    }

    void problem(String what) {
        if (problems.getAndIncrement() == 0) {
            firstProblem = what;
        }
    }

    /** A connection that failed before it subscribed: only the first one's reason is kept. */
    void failure(String what) {
        if (firstFailure.isEmpty()) {
            firstFailure = what;
        }
    }

    /** Why the first connection that failed before subscribing failed, or "". */
    String firstFailure() {
        return firstFailure;
    }

    long problems() {
        return problems.get();
    }

    /** The first problem's description, or "" (may lag {@link #problems} by an instant). */
    String firstProblem() {
        return firstProblem;
    }
}
