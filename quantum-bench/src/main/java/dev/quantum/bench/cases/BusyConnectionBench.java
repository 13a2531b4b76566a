package dev.quantum.bench.cases;

import dev.quantum.bench.load.Probe;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One busy connection: pipelined Ping/Pong round trips per second, FileOperations per
 * second delivered live while uploaders commit as fast as they can, and per second when a
 * subscriber replays the whole log ({@code since: 0}), which only the hub and the socket bound.
 */
final class BusyConnectionBench implements Benchmark {

    private static final String PING = "{\"type\":\"Ping\"}";
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
        int total = env.pick(50_000, 3_000);
        int trials = env.pick(6, 2);
        List<Double> rates = new ArrayList<>();
        try (Probe probe = Probe.connect(server.ws())) {
            probe.subscribe("bench-busy-ping", null);
            for (int t = 0; t < trials + 1; t++) {
                AtomicInteger sent = new AtomicInteger();
                AtomicInteger received = new AtomicInteger();
                CountDownLatch done = new CountDownLatch(1);
                probe.onText(text -> {
                    if (text.contains("Pong")) {
                        if (received.incrementAndGet() == total) {
                            done.countDown();
                        } else if (sent.getAndIncrement() < total) {
                            probe.send(PING);
                        }
                    }
                });
                long start = System.nanoTime();
                for (int i = 0; i < WINDOW && sent.getAndIncrement() < total; i++) {
                    probe.send(PING);
                }
                if (!done.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("only " + received.get() + " of " + total + " Pongs arrived"
                            + (probe.isOpen() ? "" : "; the server closed the connection"));
                }
                if (t > 0) {
                    rates.add(total / ((System.nanoTime() - start) / 1e9));
                }
                probe.onText(null);
                Thread.sleep(200);
            }
        }
        return Figure.of("busy.ping-pong", "Ping/Pong round trips per second through one connection, " + WINDOW + " in flight",
                "msg/s", Stats.of(rates)).withTarget(new Target.AtLeast(Stat.MEDIAN, 50_000))
                .withNote(trials + " trials of " + total + " round trips after one warm-up trial");
    }

    /** Uploads {@code changes} files from 8 threads while one subscriber counts their FileOperations. */
    private Figure live(ServerProcess server, int changes) throws Exception {
        Http http = new Http(server.http());
        List<Double> rates = new ArrayList<>();
        try (Probe probe = Probe.connect(server.ws())) {
            probe.subscribe("bench-busy-live", null);
            AtomicInteger received = new AtomicInteger();
            AtomicLong first = new AtomicLong();
            AtomicLong last = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            probe.onText(text -> {
                if (text.contains("FileOperation")) {
                    long now = System.nanoTime();
                    first.compareAndSet(0, now);
                    last.set(now);
                    if (received.incrementAndGet() == changes) {
                        done.countDown();
                    }
                }
            });
            AtomicInteger next = new AtomicInteger();
            ExecutorService uploaders = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int u = 0; u < 8; u++) {
                    jobs.add(uploaders.submit(() -> {
                        for (int i = next.getAndIncrement(); i < changes; i = next.getAndIncrement()) {
                            http.put("busy/d" + (i % 50) + "/f-" + i + ".txt", ("change " + i).getBytes(StandardCharsets.UTF_8));
                        }
                        return null;
                    }));
                }
                for (Future<?> j : jobs) {
                    j.get(10, TimeUnit.MINUTES);
                }
            } finally {
                uploaders.shutdownNow();
            }
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the live subscriber got " + received.get() + " of " + changes + " FileOperations");
            }
            rates.add((changes - 1) / ((last.get() - first.get()) / 1e9));
        }
        return Figure.of("busy.live-deliveries", "FileOperations per second delivered to one subscriber while 8 uploaders PUT small files",
                "msg/s", Stats.of(rates)).withNote(changes + " uploads; bounded by the rate the server commits uploads, not by the connection");
    }

    /** Subscribes with {@code since: 0} and times the replay of the whole log. */
    private Figure replay(BenchEnv env, ServerProcess server, int changes) throws Exception {
        int trials = env.pick(5, 2);
        List<Double> rates = new ArrayList<>();
        for (int t = 0; t < trials + 1; t++) {
            try (Probe probe = Probe.connect(server.ws())) {
                AtomicInteger received = new AtomicInteger();
                CountDownLatch done = new CountDownLatch(1);
                probe.onText(text -> {
                    if (text.contains("FileOperation") && received.incrementAndGet() == changes) {
                        done.countDown();
                    }
                });
                long start = System.nanoTime();
                probe.send("{\"type\":\"Subscribe\",\"client_id\":\"bench-replay-" + t + "\",\"since\":0}");
                if (!done.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the replaying subscriber got " + received.get() + " of " + changes
                            + " FileOperations" + (probe.isOpen() ? "" : "; the server closed the connection"));
                }
                if (t > 0) {
                    rates.add(changes / ((System.nanoTime() - start) / 1e9));
                }
            }
        }
        return Figure.of("busy.replay-deliveries", "FileOperations per second through one connection replaying the log (since: 0)",
                "msg/s", Stats.of(rates)).withTarget(new Target.AtLeast(Stat.MEDIAN, 50_000))
                .withNote(trials + " replays of " + changes + " changes after one warm-up replay");
    }
}
