package dev.quantum.server;

import dev.quantum.server.config.FileSyncConfig;
import dev.quantum.server.store.SyncStore;
import dev.quantum.server.watch.RootWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that runs for one file_sync root: its store, reconciled with the disk at
 * start (the watcher is started first, so nothing edited meanwhile is missed), the
 * watcher, and hourly retention. Thread-safe.
 */
final class RootService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RootService.class);

    private final SyncStore store;
    private final RootWatcher watcher;
    private final ScheduledExecutorService maintenance;

    private RootService(SyncStore store, RootWatcher watcher, ScheduledExecutorService maintenance) {
        this.store = store;
        this.watcher = watcher;
        this.maintenance = maintenance;
    }

    static RootService open(Path root, FileSyncConfig sync, Clock clock) throws IOException {
        SyncStore store = SyncStore.open(root, new SyncStore.Options(sync.versioning().enabled(),
                sync.versioning().retention(), sync.changeLog().maxEntries(), sync.changeLog().maxAge()), clock);
        RootWatcher watcher = null;
        try {
            watcher = RootWatcher.start(store);
            int changes = store.reconcileAll();
            if (changes > 0) {
                LOG.info("{}: {} changes found on disk since the last run", store.root(), changes);
            }
            store.maintain();
        } catch (IOException | RuntimeException e) {
            if (watcher != null) {
                watcher.close();
            }
            store.close();
            throw e;
        }
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance " + root.getFileName());
            t.setDaemon(true);
            return t;
        });
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                store.maintain();
            } catch (IOException | RuntimeException e) {
                LOG.warn("retention of {} failed: {}", store.root(), e.toString());
            }
        }, 1, 1, TimeUnit.HOURS);
        return new RootService(store, watcher, maintenance);
    }

    SyncStore store() {
        return store;
    }

    @Override
    public void close() throws IOException {
        maintenance.shutdownNow();
        try {
            watcher.close();
        } finally {
            store.close();
        }
    }
}
