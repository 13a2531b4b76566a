package dev.quantum.client;

import dev.quantum.client.local.DirectoryWatch;
import dev.quantum.client.local.FsLocalTree;
import dev.quantum.client.remote.Backoff;
import dev.quantum.client.remote.HttpRemoteServer;
import dev.quantum.client.remote.PushChannel;
import dev.quantum.client.remote.ServerAddress;
import dev.quantum.client.state.SqliteStateStore;
import dev.quantum.client.sync.RemoteException;
import dev.quantum.client.sync.SafetyStopException;
import dev.quantum.client.sync.StateStore;
import dev.quantum.client.sync.StateStoreException;
import dev.quantum.client.sync.SyncLoop;
import dev.quantum.client.sync.SyncSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the client, from opening the folder to a clean stop: lock the folder, open
 * its state, resolve the client id, run the first pass, then (unless {@code --once})
 * watch, subscribe and loop until SIGINT/SIGTERM, leaving no temp file behind.
 */
final class ClientRun implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client");
    private static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();
    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final ServerAddress address;
    private final Path folder;
    private final SyncSettings requested;
    private final boolean idGiven;
    private final boolean once;
    private final Optional<String> token;
    private final Optional<SSLContext> trust;
    private final String version;
    private final Clock clock = Clock.systemUTC();

    ClientRun(ServerAddress address, Path folder, SyncSettings requested, boolean idGiven, boolean once,
              Optional<String> token, Optional<SSLContext> trust, String version) {
        this.address = address;
        this.folder = folder;
        this.requested = requested;
        this.idGiven = idGiven;
        this.once = once;
        this.token = token;
        this.trust = trust;
        this.version = version;
    }

    /** True once the JVM is stopping (then {@code System.exit} must not be called). */
    static boolean shuttingDown() {
        return SHUTTING_DOWN.get();
    }

    @Override
    public Integer call() throws IOException {
        FsLocalTree tree = openFolder();
        try (FileChannel lockFile = FileChannel.open(tree.metadataFolder().resolve("client.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFolder(lockFile, tree)) {
            try (StateStore store = SqliteStateStore.open(tree.metadataFolder().resolve("state.db"), clock)) {
                return sync(tree, store, settingsFor(store));
            }
        } catch (StateStoreException e) {
            LOG.error("{}", e.getMessage());
            return Main.FAILED;
        }
    }

    /** One client per folder: two would each take the other's writes for local edits. */
    private static FileLock lockFolder(FileChannel lockFile, FsLocalTree tree) throws IOException {
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("another realtime-sync-client is already syncing " + tree.root());
        }
        return lock;
    }

    private FsLocalTree openFolder() throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--local-path is not a folder: " + folder);
        }
        Files.createDirectories(folder);
        FsLocalTree tree = new FsLocalTree(folder);
        if (!tree.markerPresent()) {
            LOG.info("Starting to sync {} (first run: nothing is deleted on either side)", tree.root());
        }
        tree.createMarker();
        return tree;
    }

    private SyncSettings settingsFor(StateStore store) {
        String id = idGiven ? requested.clientId() : store.clientId().orElseGet(ClientRun::newClientId);
        if (store.clientId().filter(id::equals).isEmpty()) {
            store.saveClientId(id);
        }
        String url = address.http().toString();
        Optional<String> previous = store.serverUrl();
        if (previous.isPresent() && !previous.get().equals(url)) {
            LOG.warn("This folder was synced with {}; now with {}: comparing everything afresh (nothing is deleted)",
                    previous.get(), url);
            store.resetBase();
        }
        store.saveServerUrl(url);
        return requested.withClientId(id);
    }

    private Integer sync(FsLocalTree tree, StateStore store, SyncSettings settings) {
        HttpClient http = HttpRemoteServer.newClient(trust);
        HttpRemoteServer server = new HttpRemoteServer(http, address, settings.clientId(), token, version, trust);
        ExecutorService transfers = Executors.newFixedThreadPool(settings.transfers(), daemon("quantum-transfer"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("quantum-push"));
        SyncLoop loop = new SyncLoop(settings, tree, server, store, clock, Progressions.forThisProcess(clock), transfers);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> stop(loop, main), "quantum-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        DirectoryWatch watch = null;
        PushChannel push = null;
        try {
            LOG.info("Syncing {} with {} as client {}", tree.root(), address, settings.clientId());
            watch = once ? null : DirectoryWatch.start(tree.root(), loop.aggregator(), loop::wake);
            if (!firstPass(loop)) {
                return Main.FAILED;
            }
            if (once) {
                return finish(loop.report());
            }
            LOG.info("Ready: watching {} for changes", tree.root());
            if (settings.realtime()) {
                push = new PushChannel(http, address, settings.clientId(), token, loop.pushEvents(), loop::seq, scheduler,
                        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new SecureRandom()), clock);
                push.start();
            } else {
                LOG.info("Polling the server every {} (use --realtime for pushed changes)", pretty(settings.interval()));
            }
            loop.run();
            return Main.OK;
        } catch (SafetyStopException e) {
            LOG.error("Stopped for safety: {}", e.getMessage());
            return Main.SAFETY_STOP;
        } catch (InterruptedException e) {
            return Main.OK;
        } catch (IOException e) {
            LOG.error("{}", e.getMessage());
            return Main.FAILED;
        } finally {
            if (push != null) {
                push.close();
            }
            if (watch != null) {
                watch.close();
            }
            transfers.shutdownNow();
            scheduler.shutdownNow();
            awaitQuietly(transfers);
            server.close();
            tree.cleanTemp();
            if (!SHUTTING_DOWN.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    /** Runs the first pass; false when the run should end (only with --once and no server). */
    private boolean firstPass(SyncLoop loop) throws InterruptedException {
        try {
            loop.firstPass();
            return true;
        } catch (RemoteException.Unavailable e) {
            if (SHUTTING_DOWN.get()) {
                return false;
            }
            if (once) {
                LOG.error("Cannot sync: {}", e.getMessage());
                return false;
            }
            LOG.debug("First pass offline ({}); working offline and retrying", e.getMessage()); // the loop said why
            return true;
        }
    }

    private static int finish(SyncLoop.Report report) {
        if (report.heldDeletes() > 0) {
            LOG.error("Not finished: {} deletes on the server are held back (see above)", report.heldDeletes());
            return Main.SAFETY_STOP;
        }
        if (!report.problems().isEmpty()) {
            LOG.error("Not finished: {} paths could not be synced", report.problems().size());
            return Main.FAILED;
        }
        LOG.info("In sync");
        return Main.OK;
    }

    private static void stop(SyncLoop loop, Thread main) {
        SHUTTING_DOWN.set(true);
        LOG.info("Stopping");
        loop.stop();
        main.interrupt();
        try {
            main.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String newClientId() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static String pretty(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
