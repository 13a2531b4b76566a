package dev.quantum.client.local;

import dev.quantum.client.sync.WatchAggregator;
import dev.quantum.core.RelativePath;
import dev.quantum.fs.SyncedTreeWalk;
import io.methvin.watcher.DirectoryChangeEvent;
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
                .listener(event -> {
                    if (handle(root, metadata, aggregator, event)) {
                        wake.run();
                    }
                })
                .build();
        watcher.watchAsync().exceptionally(e -> {
            LOG.warn("File watcher stopped: {}; changes are found by periodic scans", e.getMessage());
            aggregator.overflow();
            wake.run();
            return null;
        });
        return new DirectoryWatch(watcher);
    }

    private static boolean handle(Path root, Path metadata, WatchAggregator aggregator, DirectoryChangeEvent event) {
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

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watcher: {}", e.getMessage());
        }
    }
}
