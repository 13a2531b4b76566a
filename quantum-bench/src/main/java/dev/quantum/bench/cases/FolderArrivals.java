package dev.quantum.bench.cases;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a folder (which may not exist yet) holds a set of files with given bytes,
 * without polling it: woken by inotify (the JDK's WatchService on Linux) on the folder
 * and on its parent, it re-checks only the files an event named, each file until it is
 * right once. A full re-check of the files still missing runs every {@link #RECHECK_MILLIS}
 * in case an event was lost (queue overflow). Light enough to run beside a measurement.
 */
final class FolderArrivals implements AutoCloseable {

    static final long RECHECK_MILLIS = 100;

    private final Path dir;
    private final Map<String, Integer> index = new HashMap<>();
    private final String[] names;
    private final byte[][] contents;
    private final BitSet done;
    private final WatchService watcher;
    private WatchKey dirKey;
    private long lastSeen;

    /**
     * Starts watching for {@code names[i]} with {@code contents[i]} in {@code dir}, whose
     * parent must exist. Call before the files are written, so that no event is missed.
     */
    FolderArrivals(Path dir, String[] names, byte[][] contents) throws IOException {
        if (names.length != contents.length) {
            throw new IllegalArgumentException(names.length + " names for " + contents.length + " contents");
        }
        this.dir = dir;
        this.names = names.clone();
        this.contents = contents;
        this.done = new BitSet(names.length);
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
        }
        watcher = FileSystems.getDefault().newWatchService();
        dir.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        watchDir();
    }

    /** Files right so far. */
    int arrived() {
        return done.cardinality();
    }

    /**
     * Blocks until every file holds its bytes; returns the System.nanoTime at which the
     * last one was seen right, or throws after {@code deadlineNanos} (a System.nanoTime).
     * {@code alive} is called between waits (e.g. to fail fast when a client died).
     */
    long await(long deadlineNanos, Check alive) throws IOException, InterruptedException {
        recheckAll();
        long nextRecheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);
        while (done.cardinality() < contents.length) {
            long now = System.nanoTime();
            if (now > deadlineNanos) {
                throw new IOException(dir + " got " + arrived() + " of " + contents.length + " files in time");
            }
            alive.check();
            WatchKey key = watcher.poll(Math.max(1, Math.min(nextRecheck, deadlineNanos) - now), TimeUnit.NANOSECONDS);
            if (key != null) {
                handle(key);
            }
            if (key == null || System.nanoTime() >= nextRecheck) {
                recheckAll();
                nextRecheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);
            }
        }
        return lastSeen;
    }

    /** What {@link #await} runs between waits. */
    @FunctionalInterface
    interface Check {
        void check() throws IOException;
    }

    private void handle(WatchKey key) throws IOException {
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
            } else if (key == dirKey) {
                Integer i = index.get(event.context().toString());
                if (i != null) {
                    check(i);
                }
            }
        }
        key.reset();
        if (dirKey == null) {
            watchDir();
        }
        if (overflow || key != dirKey) {
            recheckAll();
        }
    }

    private void watchDir() throws IOException {
        if (dirKey == null && Files.isDirectory(dir)) {
            dirKey = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            recheckAll();
        }
    }

    private void recheckAll() {
        if (dirKey == null) {
            return;
        }
        for (int i = done.nextClearBit(0); i < contents.length; i = done.nextClearBit(i + 1)) {
            check(i);
        }
    }

    private void check(int i) {
        if (done.get(i)) {
            return;
        }
        Path file = dir.resolve(names[i]);
        try {
            if (Files.size(file) == contents[i].length && Arrays.equals(Files.readAllBytes(file), contents[i])) {
                done.set(i);
                lastSeen = System.nanoTime();
            }
        } catch (IOException | ClosedWatchServiceException e) {
            // not there yet
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
