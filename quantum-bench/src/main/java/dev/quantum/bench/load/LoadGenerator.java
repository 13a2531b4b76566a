package dev.quantum.bench.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The load generator: a JVM of its own that holds thousands of subscribed /ws
 * connections on plain non-blocking sockets (one {@link SelectorLoop} per core, a minimal
 * RFC 6455 client in {@link Subscriber}) and reports when each one received each upload.
 * Lean on purpose: it shares the machine's cores with the server it measures. Driven
 * line by line on standard input; every answer is one line on standard output starting
 * with {@code @}:
 *
 * <pre>
 * CONNECT n SOURCE-IP PREFIX     → @CONNECTED total failed millis [why the first failed]
 * COLLECT k T0-MICROS TIMEOUT-MS → @LAT k missing problems latency-micros,… [first problem]
 *                                  (one latency per subscriber that got upload k; problems counted since the start)
 * CLOSE                          → @CLOSED, then the JVM exits
 * </pre>
 *
 * It exits by itself when standard input closes (the harness died) or after two hours.
 */
public final class LoadGenerator {

    /** About how late a receipt may be timed (see {@link SelectorLoop#COALESCE_NANOS}), in ms, for the report. */
    public static final double COALESCE_MILLIS = (SelectorLoop.COALESCE_NANOS + 50_000) / 1e6;

    /** Handshakes in flight per CONNECT. */
    public static final int WINDOW = 128;

    private final URI uri;
    private final PrintStream out;
    private final SelectorLoop[] loops;
    private final Tally tally = new Tally();
    private final List<Subscriber> subscribers = new ArrayList<>();

    private LoadGenerator(URI uri, PrintStream out, int threads) {
        this.uri = uri;
        this.out = out;
        this.loops = new SelectorLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new SelectorLoop("generator-loop-" + i);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LoadGenerator ws://127.0.0.1:PORT/ws");
            System.exit(2);
        }
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(Duration.ofHours(2));
                System.exit(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LoadGenerator g = new LoadGenerator(URI.create(args[0]), out, Runtime.getRuntime().availableProcessors());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                String[] cmd = line.trim().split(" ");
                switch (cmd[0]) {
                    case "CONNECT" -> g.connect(Integer.parseInt(cmd[1]), cmd[2], cmd[3]);
                    case "COLLECT" -> g.collect(Integer.parseInt(cmd[1]), Long.parseLong(cmd[2]), Long.parseLong(cmd[3]));
                    case "CLOSE" -> {
                        g.close();
                        out.println("@CLOSED");
                        return;
                    }
                    default -> out.println("@ERROR unknown command " + cmd[0]);
                }
            }
        } finally {
            g.close();
            System.exit(0);
        }
    }

    private void connect(int n, String source, String prefix) throws InterruptedException {
        Batch batch = new Batch(n, WINDOW);
        long start = System.nanoTime();
        int first = subscribers.size();
        for (int i = 0; i < n; i++) {
            if (!batch.admit(60)) {
                for (int j = i; j < n; j++) {
                    batch.skipped();
                }
                break;
            }
            Subscriber s = new Subscriber(prefix + "-" + i, tally, batch);
            subscribers.add(s);
            loops[subscribers.size() % loops.length].connect(s, source, uri);
        }
        batch.await(120);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long failed = subscribers.subList(first, subscribers.size()).stream().filter(s -> !s.isLive()).count()
                + (n - (subscribers.size() - first));
        out.println("@CONNECTED " + subscribers.size() + " " + failed + " " + millis
                + (failed == 0 ? "" : " " + tally.firstFailure()));
    }

    private void collect(int k, long t0, long timeoutMillis) throws InterruptedException {
        if (k < 0 || k >= Subscriber.MAX_UPLOADS) {
            out.println("@ERROR upload " + k + " is outside 0.." + (Subscriber.MAX_UPLOADS - 1));
            return;
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (missing(k) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        StringBuilder line = new StringBuilder(subscribers.size() * 6 + 64);
        int got = 0;
        for (Subscriber s : subscribers) {
            long r = s.receipt(k);
            if (r != 0) {
                line.append(got++ == 0 ? "" : ",").append(r - t0);
            }
        }
        long problems = tally.problems();
        out.println("@LAT " + k + " " + (subscribers.size() - got) + " " + problems + " " + (got == 0 ? "-" : line)
                + (problems == 0 ? "" : " " + tally.firstProblem()));
    }

    /** Live subscribers still without upload {@code k}: cheap while the count of arrivals says some are. */
    private int missing(int k) {
        if (tally.arrivals(k) < tally.live()) {
            return tally.live() - tally.arrivals(k);
        }
        int missing = 0;
        for (Subscriber s : subscribers) {
            if (s.receipt(k) == 0 && s.isLive()) {
                missing++;
            }
        }
        return missing;
    }

    private void close() {
        for (SelectorLoop loop : loops) {
            loop.close();
        }
    }
}
