package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Action;
import dev.quantum.core.reconcile.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings files from the server into the folder. A lone download is forced to disk on its
 * own before it is renamed into place. A run of downloads is {@linkplain Group grouped}:
 * transfer threads fetch and stage files without forcing them, and one thread places
 * whatever is staged with one flush of the file system before the renames and one after, so
 * a thousand small files cost a few dozen flushes instead of a thousand fsyncs. Either way
 * a path is recorded in the base only once its content and its name are durable, so a crash
 * never leaves the base claiming a file the disk lost.
 */
final class Downloads {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");
    private static final long POLL_MILLIS = 5;

    private final LocalTree local;
    private final RemoteServer remote;
    private final Base base;
    private final NavigableMap<RelativePath, LocalEntry> cache;
    private final Function<RelativePath, Optional<Instant>> remoteModified;
    private final Clock clock;
    private final BaseRecorder recorder;
    private final PushedContent pushed;

    Downloads(LocalTree local, RemoteServer remote, Base base, NavigableMap<RelativePath, LocalEntry> cache,
              Function<RelativePath, Optional<Instant>> remoteModified, Clock clock, BaseRecorder recorder,
              PushedContent pushed) {
        this.local = local;
        this.remote = remote;
        this.base = base;
        this.cache = cache;
        this.remoteModified = remoteModified;
        this.clock = clock;
        this.recorder = recorder;
        this.pushed = pushed;
    }

    /** A file fetched into the temp folder, and what its path must hold for it to be placed. */
    record Fetched(Action action, LocalTree.Staged staged, Optional<LocalEntry> expected, long started) {

        RelativePath path() {
            return staged.path();
        }
    }

    /** Where a download's content comes from: its own request, or its part of a batch. */
    @FunctionalInterface
    interface Source {
        /** The content, for the caller to read and close; or why there is none. */
        InputStream open() throws RemoteException;
    }

    /**
     * Installs {@code path} as {@link #source} gives it (the bytes the server pushed, or its
     * own request), durable on its own, then records it.
     */
    void one(Action action, RelativePath path, Entry entry, Optional<Entry> replacing, boolean quiet)
            throws RemoteException, IOException {
        one(action, path, entry, replacing, quiet, source(path, entry));
    }

    /** Where {@code path}'s content {@code entry} comes from: the bytes the server pushed with it when held, else its own request. */
    Source source(RelativePath path, Entry entry) {
        Optional<byte[]> bytes = pushed.take(path, entry.hash());
        if (bytes.isPresent()) {
            return () -> new ByteArrayInputStream(bytes.get());
        }
        return () -> remote.download(path);
    }

    /** Whether the server pushed {@code entry}'s bytes for {@code path}, so that it needs no request. */
    boolean pushed(RelativePath path, Entry entry) {
        return pushed.has(path, entry.hash());
    }

    /** Installs {@code path} from {@code source}, durable on its own, then records it. */
    void one(Action action, RelativePath path, Entry entry, Optional<Entry> replacing, boolean quiet, Source source)
            throws RemoteException, IOException {
        Fetched fetched = fetch(action, path, entry, replacing, true, source);
        place(fetched);
        record(fetched, quiet);
    }

    /**
     * Fetches {@code path} from {@code source} into a staged temp file checked against
     * {@code entry}; forced to disk with {@code force}, else waiting for a flush.
     */
    private Fetched fetch(Action action, RelativePath path, Entry entry, Optional<Entry> replacing, boolean force,
                          Source source) throws RemoteException, IOException {
        Optional<LocalEntry> expected = replacing.map(e -> {
            LocalEntry known = cache.get(path);
            return known != null && known.entry().equals(e) ? known : new LocalEntry(e, -1);
        });
        long started = System.nanoTime();
        try (InputStream content = source.open()) {
            Instant modified = remoteModified.apply(path).orElseGet(clock::instant);
            return new Fetched(action, local.stage(path, content, entry, modified, force), expected, started);
        }
    }

    /**
     * Renames a fetched file into place, remembering it in the base and the cache just before;
     * when it cannot be placed both stay as they were.
     */
    void place(Fetched fetched) throws IOException {
        RelativePath path = fetched.path();
        LocalEntry previousBase = base.entries().get(path);
        LocalEntry previousCache = cache.get(path);
        try {
            local.place(fetched.staged(), fetched.expected(), installed -> {
                base.remember(path, installed);
                cache.put(path, installed);
            });
        } catch (IOException | RuntimeException e) {
            base.restore(path, previousBase);
            if (previousCache != null) {
                cache.put(path, previousCache);
            } else {
                cache.remove(path);
            }
            throw e;
        }
    }

    /** Records a placed, durable file in the base. */
    private void record(Fetched fetched, boolean quiet) {
        recorder.record(fetched.path());
        PlanExecutor.log(quiet, "Downloaded {} ({} bytes)", fetched.path(), fetched.staged().entry().entry().size());
        LOG.debug("Download of {} took {} µs", fetched.path(), (System.nanoTime() - fetched.started()) / 1000);
    }

    /** Whether a run holding {@code downloads} downloads is best {@linkplain Group grouped}. */
    boolean groupable(int downloads) {
        return local.flushesTogether(downloads);
    }

    /**
     * Places the downloads of one run of transfers in groups: transfer threads
     * {@linkplain Group#fetch fetch} downloads, and the thread running the plan {@link #placeUntil places} it.
     */
    Group group(Outcome outcome, Progress progress, boolean quiet) {
        return new Group(outcome, progress, quiet);
    }

    final class Group {

        private final BlockingQueue<Fetched> staged = new LinkedBlockingQueue<>();
        private final Outcome outcome;
        private final Progress progress;
        private final boolean quiet;

        private Group(Outcome outcome, Progress progress, boolean quiet) {
            this.outcome = outcome;
            this.progress = progress;
            this.quiet = quiet;
        }

        /** Fetches a download of the run from {@code source} without forcing it, for {@link #placeUntil} to place. */
        void fetch(Action.Download download, Source source) throws RemoteException, IOException {
            staged.add(Downloads.this.fetch(download, download.path(), download.entry(), download.expectedLocal(), false,
                    source));
        }

        /**
         * Places staged downloads, a group at a time (whatever is staged when the last group is
         * done), until {@code finished} says no transfer can stage more and none is left.
         */
        void placeUntil(BooleanSupplier finished) throws InterruptedException {
            List<Fetched> group = new ArrayList<>();
            while (true) {
                boolean last = finished.getAsBoolean();
                staged.drainTo(group);
                if (!group.isEmpty()) {
                    place(group);
                    group.clear();
                } else if (last) {
                    return;
                } else {
                    Fetched next = staged.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        group.add(next);
                    }
                }
            }
        }

        /** Drops whatever is staged and not placed (when the run stops early). */
        void discard() {
            for (Fetched f; (f = staged.poll()) != null; ) {
                local.discard(f.staged());
            }
        }

        private void place(List<Fetched> group) {
            try {
                local.flush();
            } catch (IOException e) {
                for (Fetched f : group) {
                    local.discard(f.staged());
                    failed(f, "its content could not be made durable: " + e.getMessage());
                }
                return;
            }
            List<Fetched> placed = new ArrayList<>(group.size());
            for (Fetched f : group) {
                boolean ok = PlanExecutor.attemptLocally(f.action(), outcome, () -> Downloads.this.place(f));
                if (ok) {
                    placed.add(f);
                } else {
                    progress.step();
                }
            }
            try {
                local.flush();
            } catch (IOException e) {
                // In place but maybe not durable: not written to the store, so after a crash the
                // stored base cannot claim a file the disk lost (a restart finds both sides equal
                // and records it then).
                placed.forEach(f -> failed(f, "its new name could not be made durable: " + e.getMessage()));
                return;
            }
            for (Fetched f : placed) {
                record(f, quiet);
                outcome.applied(f.path());
                progress.step();
            }
        }

        private void failed(Fetched f, String reason) {
            outcome.problem(f.path(), reason);
            progress.step();
        }
    }
}
