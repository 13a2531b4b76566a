package dev.quantum.client.sync;

import dev.quantum.client.local.FsLocalTree;
import dev.quantum.client.state.SqliteStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loop's tests share: a real folder, real SQLite and an in-memory server, a loop
 * that can be opened again on the same folder (a restart), and run in the background.
 */
abstract class RealFolderLoopTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    final MemoryServer server = new MemoryServer();
    final ExecutorService transfers = Executors.newFixedThreadPool(4);
    SqliteStateStore store;
    SyncLoop loop;
    Thread running;

    @AfterEach
    void closeLoop() throws InterruptedException {
        if (running != null) {
            loop.stop();
            running.join(5000);
        }
        if (store != null) {
            store.close();
        }
        transfers.shutdownNow();
    }

    /**
     * A new loop over {@code tree}, which works on {@code disk} (itself, or a wrapper around
     * it), with the state the last loop left; the last loop's store is closed first.
     */
    SyncLoop open(FsLocalTree disk, LocalTree tree, boolean allowMassDelete) throws IOException {
        if (store != null) {
            store.close();
        }
        disk.createMarker();
        store = SqliteStateStore.open(disk.metadataFolder().resolve("state.db"), CLOCK);
        SyncSettings settings = new SyncSettings("me", false, Duration.ofHours(1), false, allowMassDelete, 0.5, 10, 4,
                Duration.ZERO, Duration.ZERO, Duration.ZERO);
        loop = new SyncLoop(settings, tree, server, store, CLOCK, (task, total) -> Progress.NONE, transfers);
        return loop;
    }

    /** Runs the current loop on its own thread until the test ends. */
    void startRunning() {
        running = new Thread(() -> {
            try {
                loop.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.start();
    }

    /** Writes {@code content} at {@code path} in the folder, creating its parents. */
    void write(String path, String content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file (with its content) and folder ("dir") in the folder but the metadata folder. */
    Map<String, String> local() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(p -> !p.equals(dir) && !dir.relativize(p).startsWith(".quantum")).toList()) {
                out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Files.readString(p));
            }
        }
        return out;
    }
}
