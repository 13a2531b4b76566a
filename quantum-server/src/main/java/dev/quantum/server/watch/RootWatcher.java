package dev.quantum.server.watch;

import dev.quantum.core.RelativePath;
import dev.quantum.server.store.SyncStore;
import dev.quantum.fs.SyncedTreeWalk;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a root recursively (inotify on Linux, FSEvents on macOS) and, for each path
 * that saw events, asks the store to reconcile it once things are quiet for a moment.
 * Events are only hints: the store compares disk and index, so duplicates, our own
 * writes and events for unchanged files commit nothing. An overflow (lost events)
 * reconciles the whole root. {@code .quantum} is neither watched nor reported.
 */
public final class RootWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RootWatcher.class);
    static final Duration QUIET = Duration.ofMillis(30);
    static final Duration MAX_DELAY = Duration.ofSeconds(1);

    private final SyncStore store;
    private final Path root;
    private final ScheduledExecutorService worker;
    private final Debouncer<Optional<RelativePath>> debouncer;
    private final DirectoryWatcher watcher;

    private RootWatcher(SyncStore store) throws IOException {
        this.store = store;
        this.root = store.root();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watch " + root.getFileName());
            t.setDaemon(true);
            return t;
        });
        this.debouncer = new Debouncer<>(worker, QUIET, MAX_DELAY, this::reconcile);
        this.watcher = DirectoryWatcher.builder()
                .path(root)
                .fileHashing(false)
                .fileTreeVisitor(SyncedTreeWalk.skipping(root.resolve(RelativePath.METADATA_DIR)))
                .listener(new DirectoryChangeListener() {
                    @Override
                    public void onEvent(DirectoryChangeEvent event) {
                        RootWatcher.this.onEvent(event);
                    }

                    @Override
                    public void onException(Exception e) {
                        onWatchFailure(e);
                    }
                })
                .build();
    }

    /** Starts watching {@code store}'s root. */
    public static RootWatcher start(SyncStore store) throws IOException {
        RootWatcher w = unstarted(store);
        w.watcher.watchAsync(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "inotify " + w.root.getFileName());
            t.setDaemon(true);
            return t;
        })).exceptionally(e -> {
            if (!w.watcher.isClosed()) {
                LOG.error("watching {} stopped: {}", w.root, e.toString());
            }
            return null;
        });
        return w;
    }

    /** A watcher of {@code store}'s root that does not watch yet: only events given to {@link #onEvent} reach it. */
    static RootWatcher unstarted(SyncStore store) throws IOException {
        return new RootWatcher(store);
    }

    /**
     * An exception inside the watch loop: events may be lost, so everything is rescanned
     * (directory-watcher 0.19 fails with a NullPointerException on the JDK's OVERFLOW event
     * before any listener sees it).
     */
    void onWatchFailure(Exception e) {
        LOG.info("{}: file system events may have been lost ({}); rescanning", root, e.toString());
        debouncer.hint(Optional.empty());
    }

    /** Handles one event of the file system watch (its listener). */
    void onEvent(DirectoryChangeEvent event) {
        if (event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) {
            LOG.info("{}: file system events were lost; rescanning", root);
            debouncer.hint(Optional.empty());
            return;
        }
        Path path = event.path();
        if (path == null || !path.startsWith(root)) {
            return;
        }
        Path relative = root.relativize(path);
        if (relative.getNameCount() == 0 || relative.toString().isEmpty()) {
            debouncer.hint(Optional.empty());
            return;
        }
        if (relative.getName(0).toString().equals(RelativePath.METADATA_DIR)) {
            return;
        }
        String raw = relative.toString().replace(java.io.File.separatorChar, '/');
        RelativePath.tryParse(raw).ifPresentOrElse(p -> debouncer.hint(Optional.of(p)),
                () -> LOG.debug("ignoring event for {}: not a valid sync path", path));
    }

    private void reconcile(Optional<RelativePath> path) {
        try {
            int changes = path.isPresent() ? store.reconcile(path.get()) : store.reconcileAll();
            if (changes > 0) {
                LOG.debug("{}: {} changes from disk", path.map(RelativePath::value).orElse("(root)"), changes);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("reconciling {} failed: {}", path.map(RelativePath::value).orElse(root.toString()), e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
