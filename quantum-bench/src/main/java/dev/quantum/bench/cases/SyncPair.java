package dev.quantum.bench.cases;

import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.proc.ClientProcess;
import dev.quantum.bench.proc.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server and two real sync clients with {@code --realtime}, folders A and B, warmed up
 * until a file crosses both ways. {@link #awaitBytes} waits for a file to hold given
 * bytes, woken by inotify (the JDK's WatchService on Linux).
 */
final class SyncPair implements AutoCloseable {

    final ServerProcess server;
    final ClientProcess clientA;
    final ClientProcess clientB;
    final Path a;
    final Path b;

    private SyncPair(ServerProcess server, ClientProcess clientA, ClientProcess clientB, Path a, Path b) {
        this.server = server;
        this.clientA = clientA;
        this.clientB = clientB;
        this.a = a;
        this.b = b;
    }

    /** Starts everything and waits until a file made in A reaches B and one made in B reaches A. */
    static SyncPair start(BenchEnv env, String name, List<String> folders) throws Exception {
        ServerProcess server = ServerProcess.start(env, env.newDir(name + "-root"), List.of(), "");
        ClientProcess ca = null;
        ClientProcess cb = null;
        try {
            Path a = env.newDir(name + "-a");
            Path b = env.newDir(name + "-b");
            ca = ClientProcess.start(env, server, a, name + "-a", List.of(), "--realtime", "--initial-sync");
            cb = ClientProcess.start(env, server, b, name + "-b", List.of(), "--realtime", "--initial-sync");
            SyncPair pair = new SyncPair(server, ca, cb, a, b);
            for (String folder : folders) {
                pair.warm(folder);
            }
            return pair;
        } catch (Exception e) {
            if (cb != null) {
                cb.close();
            }
            if (ca != null) {
                ca.close();
            }
            server.close();
            throw e;
        }
    }

    private void warm(String folder) throws Exception {
        byte[] one = ("warm-up A→B " + folder).getBytes(StandardCharsets.UTF_8);
        byte[] two = ("warm-up B→A " + folder).getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Path relOne = Path.of(folder, "warm-a.txt");
        Path relTwo = Path.of(folder, "warm-b.txt");
        Files.createDirectories(a.resolve(folder));
        Files.write(a.resolve(relOne), one);
        while (!Arrays.equals(readOrNull(b.resolve(relOne)), one)) {
            check(deadline, "a warm-up file written in A never reached B");
            Thread.sleep(20);
        }
        Files.write(b.resolve(relTwo), two);
        while (!Arrays.equals(readOrNull(a.resolve(relTwo)), two)) {
            check(deadline, "a warm-up file written in B never reached A");
            Thread.sleep(20);
        }
        Thread.sleep(300);
    }

    private void check(long deadline, String what) throws IOException {
        clientA.checkAlive();
        clientB.checkAlive();
        if (System.nanoTime() > deadline) {
            throw new IOException(what + " within 90 s. A: " + clientA.logTail() + " B: " + clientB.logTail());
        }
    }

    /** How often {@link #awaitBytes} looks at its file without an event (in case one was lost). */
    private static final long RECHECK_MILLIS = 20;

    /**
     * Waits until {@code file} holds exactly {@code content} and returns the System.nanoTime
     * at which that was seen; fails after {@code timeout}. Reads the file again on each event
     * of {@code watcher} (which must watch its folder since before the file was written) and
     * every {@link #RECHECK_MILLIS} without one: no busy polling beside the measurement.
     */
    static long awaitBytes(WatchService watcher, Path file, byte[] content, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Arrays.equals(readOrNull(file), content)) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(file + " did not get the expected bytes within " + timeout.toSeconds() + " s");
            }
            WatchKey key = watcher.poll(RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        }
    }

    /** A watch service on {@code folder} (created if needed) for {@link #awaitBytes}. */
    static WatchService watch(Path folder) throws IOException {
        Files.createDirectories(folder);
        WatchService w = FileSystems.getDefault().newWatchService();
        folder.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        return w;
    }

    static byte[] readOrNull(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | ClosedWatchServiceException e) {
            return null;
        }
    }

    @Override
    public void close() {
        clientB.close();
        clientA.close();
        server.close();
    }
}
