package dev.quantum.server.store;

import dev.quantum.protocol.Change;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed changes to the listeners, every change exactly once and in seq order.
 * A commit of a few changes (a lone upload, with the folders it created) is handed over on
 * the committing thread, so its push costs no thread hand-off; a bigger one (a batch upload,
 * a burst of writes committed together) goes to a thread of its own, so that neither the
 * committing request nor the next commit waits for a thousand deliveries. Whatever is
 * queued goes first: a small commit behind a big one is queued too. Thread-safe.
 */
final class Publisher {

    /** Commits of up to this many changes are handed over on the committing thread when nothing is queued. */
    static final int INLINE_UP_TO = 4;

    private static final Executor THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("change-publisher-", 0).daemon().factory());

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final Consumer<Change> listener;
    private final ArrayDeque<List<Change>> queue = new ArrayDeque<>();
    private boolean busy;

    /** {@code listener} gets each change; it must not throw. */
    Publisher(Consumer<Change> listener) {
        this.listener = listener;
    }

    /** Hands over the changes of one commit, after those of every earlier commit. */
    void publish(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (busy || changes.size() > INLINE_UP_TO) {
                queue.add(changes);
                if (!busy) {
                    busy = true;
                    THREADS.execute(this::drain);
                }
                return;
            }
            busy = true;
        }
        try {
            changes.forEach(listener);
        } finally {
            synchronized (this) {
                if (queue.isEmpty()) {
                    busy = false;
                } else {
                    THREADS.execute(this::drain);
                }
            }
        }
    }

    private void drain() {
        while (true) {
            List<Change> next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    busy = false;
                    return;
                }
            }
            try {
                next.forEach(listener);
            } catch (Throwable t) {
                // never leave the queue stuck behind a failed hand-over: later changes must still go out
                LOG.error("publishing {} changes failed", next.size(), t);
            }
        }
    }
}
