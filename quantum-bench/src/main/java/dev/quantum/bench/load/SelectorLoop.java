package dev.quantum.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread with one {@link Selector} driving many {@link Subscriber}s: non-blocking
 * connects, reads into one shared direct buffer, writes only what did not fit at once.
 * Other threads hand it work with {@link #execute}. A generator runs one per core.
 */
final class SelectorLoop implements AutoCloseable {

    /** Bytes read per readiness event; a frame split across reads is carried by its subscriber. */
    private static final int READ_BUFFER = 1 << 16;
    /**
     * After a select that found fewer than {@link #BATCH} ready channels, the loop waits this
     * long before the next one so that a fan-out's messages are read in batches rather than
     * one wake-up each (a wake-up costs more than the read). Receipt times are therefore up
     * to this much (plus the timer's slack, ~50 µs) late: figures err on the slow side.
     */
    static final long COALESCE_NANOS = 250_000;
    private static final int BATCH = 64;

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(READ_BUFFER);
    private final Thread thread;
    private volatile boolean running = true;

    SelectorLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /** Runs {@code task} on the loop's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Starts connecting {@code s} from {@code source} to {@code ws} on the loop's thread. */
    void connect(Subscriber s, String source, URI ws) {
        execute(() -> {
            try {
                s.open(selector, source, ws);
            } catch (IOException | RuntimeException e) {
                s.failedToOpen(e);
            }
        });
    }

    private void run() {
        try {
            while (running) {
                int ready = selector.select(this::ready);
                if (ready > 0 && ready < BATCH) {
                    LockSupport.parkNanos(COALESCE_NANOS);
                }
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the selector failed", e);
        } finally {
            for (SelectionKey key : java.util.List.copyOf(selector.keys())) {
                ((Subscriber) key.attachment()).close();
            }
            try {
                selector.close();
            } catch (IOException e) {
                // exiting anyway
            }
        }
    }

    private void ready(SelectionKey key) {
        ((Subscriber) key.attachment()).ready(scratch);
    }

    /** Closes every connection (close frame 1000, best effort) and ends the thread, waiting up to 10 s. */
    @Override
    public void close() {
        execute(() -> running = false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
