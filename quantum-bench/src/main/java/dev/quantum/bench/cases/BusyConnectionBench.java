package dev.quantum.bench.cases;

import dev.quantum.bench.load.RawWebSocket;
import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.proc.ServerProcess;
import dev.quantum.bench.report.Figure;
import dev.quantum.bench.report.Stats;
import dev.quantum.bench.report.Stats.Stat;
import dev.quantum.bench.report.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One busy connection: pipelined Ping/Pong round trips per second, FileOperations per
 * second delivered live while uploaders commit as fast as they can, and per second when a
 * subscriber replays the whole log ({@code since: 0}), which only the hub and the socket bound.
 */
final class BusyConnectionBench implements Benchmark {

    private static final String PING = "{\"type\":\"Ping\"}";
    private static final byte[] PONG = "\"Pong\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILE_OPERATION = "\"FileOperation\"".getBytes(StandardCharsets.US_ASCII);
    private static final int WINDOW = 256;

    @Override
    public String name() {
        return "busy";
    }

    @Override
    public String title() {
        return "one busy connection: pipelined Ping/Pong and FileOperation deliveries per second";
    }

    @Override
    public Set<Needs> needs() {
        return Set.of(Needs.SERVER);
    }

    @Override
    public List<Figure> run(BenchEnv env) throws Exception {
        try (ServerProcess server = ServerProcess.start(env, env.newDir("busy-root"), List.of(), "")) {
            List<Figure> figures = new ArrayList<>();
            figures.add(pingPong(env, server));
            int changes = env.pick(1500, 300);
            figures.add(live(server, changes));
            figures.add(replay(env, server, changes));
            return figures;
        }
    }

    private Figure pingPong(BenchEnv env, ServerProcess server) throws Exception {
        int total = env.pick(200_000, 5_000);
        int trials = env.pick(6, 2);
        List<Double> rates = new ArrayList<>();
        try (RawWebSocket socket = RawWebSocket.connect(server.ws())) {
            socket.sendText("{\"type\":\"Subscribe\",\"client_id\":\"bench-busy-ping\"}", 1);
            for (int t = 0; t < trials + 1; t++) {
                double seconds = pingPongTrial(socket, total);
                if (t > 0) {
                    rates.add(total / seconds);
                }
                Thread.sleep(200);
            }
        }
        return Figure.of("busy.ping-pong", "Ping/Pong round trips per second through one connection, up to " + WINDOW + " in flight",
                "msg/s", Stats.of(rates)).withTarget(new Target.AtLeast(Stat.MEDIAN, 50_000))
                .withNote(trials + " trials of " + total + " round trips after one warm-up trial; a minimal RFC 6455 client "
                        + "(RawWebSocket) so that the client library's per-message cost does not bound the figure");
    }

    /**
     * Sends {@code total} Pings keeping at most WINDOW unanswered; returns seconds until the
     * last Pong. One thread: after each read it tops the window up (in writes of at least 32
     * Pings), so nothing spins while it waits for Pongs.
     */
    private static double pingPongTrial(RawWebSocket socket, int total) throws Exception {
        AtomicLong received = new AtomicLong();
        long[] sent = {0};
        long start = System.nanoTime();
        sendPings(socket, total, received.get(), sent);
        awaitFrames(socket, PONG, received, total, "Pongs", () -> sendPings(socket, total, received.get(), sent));
        return (System.nanoTime() - start) / 1e9;
    }

    private static void sendPings(RawWebSocket socket, int total, long received, long[] sent) throws java.io.IOException {
        long room = Math.min(WINDOW - (sent[0] - received), total - sent[0]);
        if (room >= 32 || sent[0] + room == total && room > 0) {
            socket.sendText(PING, (int) room);
            sent[0] += room;
        }
    }

    /** What runs after each read of {@link #awaitFrames}. */
    @FunctionalInterface
    private interface AfterRead {
        void run() throws java.io.IOException;
    }

    private static void awaitFrames(RawWebSocket socket, byte[] marker, AtomicLong counter, long expected, String what)
            throws Exception {
        awaitFrames(socket, marker, counter, expected, what, () -> { });
    }

    /** Reads until {@code counter} frames containing {@code marker} arrived, running {@code after} after each read; fails after 120 s. */
    private static void awaitFrames(RawWebSocket socket, byte[] marker, AtomicLong counter, long expected, String what,
            AfterRead after) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(java.time.Duration.ofNanos(deadline - System.nanoTime()));
                socket.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            while (counter.get() < expected) {
                if (!socket.read(p -> {
                    if (RawWebSocket.contains(p, marker)) {
                        counter.incrementAndGet();
                    }
                })) {
                    throw new IllegalStateException("the server closed the connection after " + counter.get() + " of " + expected + " " + what);
                }
                after.run();
            }
        } catch (java.nio.channels.AsynchronousCloseException e) {
            throw new IllegalStateException("only " + counter.get() + " of " + expected + " " + what + " within 120 s");
        } finally {
            watchdog.interrupt();
        }
    }

    /** Uploads {@code changes} files from 8 threads while one subscriber counts their FileOperations. */
    private Figure live(ServerProcess server, int changes) throws Exception {
        Http http = new Http(server.http());
        AtomicLong received = new AtomicLong();
        long start;
        long end;
        try (RawWebSocket socket = RawWebSocket.connect(server.ws())) {
            socket.sendText("{\"type\":\"Subscribe\",\"client_id\":\"bench-busy-live\"}", 1);
            AtomicInteger next = new AtomicInteger();
            ExecutorService uploaders = Executors.newFixedThreadPool(8);
            start = System.nanoTime();
            try {
                for (int u = 0; u < 8; u++) {
                    uploaders.submit(() -> {
                        for (int i = next.getAndIncrement(); i < changes; i = next.getAndIncrement()) {
                            http.put("busy/d" + (i % 50) + "/f-" + i + ".txt", ("change " + i).getBytes(StandardCharsets.UTF_8));
                        }
                        return null;
                    });
                }
                awaitFrames(socket, FILE_OPERATION, received, changes, "FileOperations");
                end = System.nanoTime();
            } finally {
                uploaders.shutdownNow();
            }
        }
        return Figure.of("busy.live-deliveries", "FileOperations per second delivered to one subscriber while 8 uploaders PUT small files",
                "msg/s", Stats.of(changes / ((end - start) / 1e9)))
                .withNote(changes + " uploads; bounded by the rate the server commits uploads, not by the connection");
    }

    /** Subscribes with {@code since: 0} and times the replay of the whole log. */
    private Figure replay(BenchEnv env, ServerProcess server, int changes) throws Exception {
        int trials = env.pick(5, 2);
        List<Double> rates = new ArrayList<>();
        for (int t = 0; t < trials + 1; t++) {
            try (RawWebSocket socket = RawWebSocket.connect(server.ws())) {
                AtomicLong received = new AtomicLong();
                long start = System.nanoTime();
                socket.sendText("{\"type\":\"Subscribe\",\"client_id\":\"bench-replay-" + t + "\",\"since\":0}", 1);
                awaitFrames(socket, FILE_OPERATION, received, changes, "replayed FileOperations");
                if (t > 0) {
                    rates.add(changes / ((System.nanoTime() - start) / 1e9));
                }
            }
        }
        return Figure.of("busy.replay-deliveries", "FileOperations per second through one connection replaying the log (since: 0)",
                "msg/s", Stats.of(rates)).withTarget(new Target.AtLeast(Stat.MEDIAN, 50_000))
                .withNote(trials + " replays of " + changes + " changes after one warm-up replay, timed from sending Subscribe");
    }
}
