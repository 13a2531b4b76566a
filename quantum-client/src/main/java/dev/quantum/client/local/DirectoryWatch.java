package dev.quantum.client.local;

import dev.quantum.client.sync.WatchAggregator;
import dev.quantum.core.RelativePath;
import dev.quantum.fs.SyncedTreeWalk;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recursive watch of the synced folder (inotify on Linux, FSEvents on macOS) that
 * feeds a {@link WatchAggregator} and wakes the sync loop. Events inside
 * {@code DIR/.quantum} are not watched, except the folder's own disappearance.
 * Thread-safe; events arrive on the watcher's own thread.
 */
public final class DirectoryWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatch.class);

    private final DirectoryWatcher watcher;

    private DirectoryWatch(DirectoryWatcher watcher) {
        this.watcher = watcher;
    }

    /** Starts watching {@code root}; returns once the watch is registered. */
    public static DirectoryWatch start(Path root, WatchAggregator aggregator, Runnable wake) throws IOException {
        Path metadata = root.resolve(RelativePath.METADATA_DIR);
        DirectoryWatcher watcher = DirectoryWatcher.builder()
                .path(root)
                .fileHashing(false)
                .fileTreeVisitor(SyncedTreeWalk.skipping(metadata))
                .logger(LoggerFactory.getLogger("dev.quantum.client.local.watcher"))
                .listener(new Listener(root, aggregator, wake))
                .build();
        watcher.watchAsync().exceptionally(e -> {
            LOG.warn("File watcher stopped: {}; changes are found by periodic scans", e.getMessage());
            aggregator.overflow();
            wake.run();
            return null;
        });
        return new DirectoryWatch(watcher);
    }

    /**
     * Turns the watcher's events into the aggregator's changes. Whatever the watcher cannot
     * report precisely is a lost event, answered with a rescan: an overflow, an event outside
     * the folder, and any exception inside the watch loop (directory-watcher 0.19 fails with a
     * NullPointerException on the JDK's OVERFLOW event before any listener sees it).
     */
    static final class Listener implements DirectoryChangeListener {
        private final Path root;
        private final Path metadata;
        private final WatchAggregator aggregator;
        private final Runnable wake;

        Listener(Path root, WatchAggregator aggregator, Runnable wake) {
            this.root = root;
            this.metadata = root.resolve(RelativePath.METADATA_DIR);
            this.aggregator = aggregator;
            this.wake = wake;
        }

        @Override
        public void onEvent(DirectoryChangeEvent event) {
            if (handle(event)) {
                wake.run();
            }
        }

        @Override
        public void onException(Exception e) {
            LOG.debug("the file watcher may have lost events ({}); rescanning", e.toString());
            aggregator.overflow();
            wake.run();
        }

        private boolean handle(DirectoryChangeEvent event) {
            if (event.eventType() == DirectoryChangeEvent.EventType.OVERFLOW || event.path() == null) {
                aggregator.overflow();
                return true;
            }
            Path path = event.path();
            if (path.startsWith(metadata) && !path.equals(metadata)) {
                return false;
            }
            if (!path.startsWith(root) || path.equals(root)) {
                aggregator.overflow();
                return true;
            }
            boolean newFolder = event.eventType() == DirectoryChangeEvent.EventType.CREATE && event.isDirectory();
            aggregator.changed(root.relativize(path), newFolder);
            return true;
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watcher: {}", e.getMessage());
        }
    }
}
