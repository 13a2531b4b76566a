package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes base entries that transfers {@linkplain Base#remember remembered} to the store in
 * one transaction per {@value #BATCH} paths, and whatever is left on {@link #flush}, instead
 * of one transaction per file. Thread-safe: transfers record concurrently.
 */
final class BaseRecorder {

    static final int BATCH = 256;

    private final Base base;
    private final Queue<RelativePath> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    BaseRecorder(Base base) {
        this.base = base;
    }

    /** {@code path}'s remembered entry goes to the store with the next batch. */
    void record(RelativePath path) {
        waiting.add(path);
        if (count.incrementAndGet() >= BATCH) {
            flush();
        }
    }

    /** Writes everything recorded so far, in one transaction. */
    void flush() {
        List<RelativePath> batch = new ArrayList<>();
        for (RelativePath path; (path = waiting.poll()) != null; ) {
            batch.add(path);
        }
        count.addAndGet(-batch.size());
        if (!batch.isEmpty()) {
            base.persist(batch);
        }
    }
}
