package dev.quantum.client.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How a run of small-file transfers is cut into batches (many files to one request): about
 * one batch per transfer thread, so they all work, but no fewer than {@value #MIN_FILES} files
 * to a batch (below that the per-request cost wins again) and no more than
 * {@value #MAX_FILES} files or {@value #MAX_BYTES} bytes, so a failed batch costs little and
 * progress moves. Pure.
 */
final class Batches {

    /** Files up to this size travel in batches; bigger ones keep a request of their own. */
    static final long SMALL_FILE = 1024 * 1024;
    /** A run needs at least this many small files (each way) to be sent in batches; fewer go one by one. */
    static final int FROM_FILES = 4;
    static final int MIN_FILES = 8;
    static final int MAX_FILES = 256;
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private Batches() {
    }

    /** Whether a file of {@code size} bytes may travel in a batch. */
    static boolean small(long size) {
        return size <= SMALL_FILE;
    }

    /**
     * {@code items} (small files) cut into batches in their order, for {@code threads}
     * transfer threads; empty when there are too few to batch.
     */
    static <T> List<List<T>> of(List<T> items, ToLongFunction<T> size, int threads) {
        if (items.size() < FROM_FILES) {
            return List.of();
        }
        int perBatch = Math.clamp(Math.ceilDiv(items.size(), Math.max(1, threads)), MIN_FILES, MAX_FILES);
        List<List<T>> batches = new ArrayList<>();
        List<T> batch = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            long s = size.applyAsLong(item);
            if (!batch.isEmpty() && (batch.size() == perBatch || bytes + s > MAX_BYTES)) {
                batches.add(List.copyOf(batch));
                batch.clear();
                bytes = 0;
            }
            batch.add(item);
            bytes += s;
        }
        batches.add(List.copyOf(batch));
        return batches;
    }
}
