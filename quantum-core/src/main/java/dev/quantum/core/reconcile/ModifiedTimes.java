package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Path → modification time for as many paths as a server holds, in about 16 bytes a
 * path: open addressing (linear probing) over an array of paths and an array of times
 * in nanoseconds since the epoch. The rare time that does not fit a {@code long} of
 * nanoseconds (beyond the years 1677-2262) is kept apart as it is. Not thread-safe.
 */
final class ModifiedTimes {

    private static final int MIN_CAPACITY = 16;
    private static final long NANOS = 1_000_000_000L;

    private RelativePath[] paths = new RelativePath[MIN_CAPACITY];
    private long[] nanos = new long[MIN_CAPACITY];
    private int size;
    private final Map<RelativePath, Instant> far = new HashMap<>();

    Optional<Instant> get(RelativePath path) {
        int at = find(path);
        if (at >= 0) {
            return Optional.of(Instant.ofEpochSecond(Math.floorDiv(nanos[at], NANOS), Math.floorMod(nanos[at], NANOS)));
        }
        return Optional.ofNullable(far.get(path));
    }

    void put(RelativePath path, Instant time) {
        long value;
        try {
            value = Math.addExact(Math.multiplyExact(time.getEpochSecond(), NANOS), time.getNano());
        } catch (ArithmeticException e) {
            remove(path);
            far.put(path, time);
            return;
        }
        if (!far.isEmpty()) {
            far.remove(path);
        }
        int at = slot(path);
        while (paths[at] != null) {
            if (paths[at].equals(path)) {
                nanos[at] = value;
                return;
            }
            at = next(at);
        }
        paths[at] = path;
        nanos[at] = value;
        if (++size > paths.length / 5 * 4) {
            resize(paths.length * 2);
        }
    }

    void remove(RelativePath path) {
        if (!far.isEmpty()) {
            far.remove(path);
        }
        int hole = find(path);
        if (hole < 0) {
            return;
        }
        paths[hole] = null;
        size--;
        for (int at = next(hole); paths[at] != null; at = next(at)) {
            int home = slot(paths[at]);
            boolean reachable = hole <= at ? hole < home && home <= at : hole < home || home <= at;
            if (!reachable) {
                paths[hole] = paths[at];
                nanos[hole] = nanos[at];
                paths[at] = null;
                hole = at;
            }
        }
    }

    void clear() {
        paths = new RelativePath[MIN_CAPACITY];
        nanos = new long[MIN_CAPACITY];
        size = 0;
        far.clear();
    }

    int size() {
        return size + far.size();
    }

    void forEach(BiConsumer<RelativePath, Instant> action) {
        for (RelativePath path : paths) {
            if (path != null) {
                action.accept(path, get(path).orElseThrow());
            }
        }
        far.forEach(action);
    }

    private int find(RelativePath path) {
        for (int at = slot(path); paths[at] != null; at = next(at)) {
            if (paths[at].equals(path)) {
                return at;
            }
        }
        return -1;
    }

    private void resize(int capacity) {
        RelativePath[] oldPaths = paths;
        long[] oldNanos = nanos;
        paths = new RelativePath[capacity];
        nanos = new long[capacity];
        for (int i = 0; i < oldPaths.length; i++) {
            if (oldPaths[i] != null) {
                int at = slot(oldPaths[i]);
                while (paths[at] != null) {
                    at = next(at);
                }
                paths[at] = oldPaths[i];
                nanos[at] = oldNanos[i];
            }
        }
    }

    private int slot(RelativePath path) {
        int h = path.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (paths.length - 1);
    }

    private int next(int at) {
        return (at + 1) & (paths.length - 1);
    }
}
