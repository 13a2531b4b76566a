package dev.quantum.bench.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The load generator: a JVM of its own that holds thousands of subscribed /ws
 * connections with Jetty's WebSocket client (about 10 KB each) and reports when each
 * one received each upload. Driven line by line on standard input; every answer is one
 * line on standard output starting with {@code @}:
 *
 * <pre>
 * CONNECT n SOURCE-IP PREFIX   → @CONNECTED total failed millis
 * COLLECT k T0-MICROS TIMEOUT-MS → @LAT k missing latency-micros,…   (one per subscriber that got upload k)
 * CLOSE                        → @CLOSED, then the JVM exits
 * </pre>
 *
 * It exits by itself when standard input closes (the harness died) or after two hours.
 */
public final class LoadGenerator {

    /** Jetty client threads per source address: few, so that 10,000 sockets do not mean a storm of thread hand-offs. */
    private static final int THREADS = Integer.getInteger("bench.generatorThreads", 8);

    private final URI uri;
    private final PrintStream out;
    private final Map<String, WebSocketClient> clients = new HashMap<>();
    private final List<Subscriber> subscribers = new ArrayList<>();

    private LoadGenerator(URI uri, PrintStream out) {
        this.uri = uri;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LoadGenerator ws://127.0.0.1:PORT/ws");
            System.exit(2);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Duration.ofHours(2));
                System.exit(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LoadGenerator g = new LoadGenerator(URI.create(args[0]), out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
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

    private void connect(int n, String source, String prefix) throws Exception {
        WebSocketClient client = clients.computeIfAbsent(source, LoadGenerator::newClient);
        CountDownLatch acked = new CountDownLatch(n);
        Semaphore inFlight = new Semaphore(128);
        long start = System.nanoTime();
        int first = subscribers.size();
        for (int i = 0; i < n; i++) {
            Subscriber s = new Subscriber(prefix + "-" + i, acked, inFlight);
            if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                break;
            }
            client.connect(s, uri).whenComplete((session, error) -> {
                if (error != null) {
                    s.settle();
                }
            });
            subscribers.add(s);
        }
        acked.await(120, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long failed = subscribers.subList(first, subscribers.size()).stream().filter(s -> !s.isLive()).count()
                + (n - (subscribers.size() - first));
        out.println("@CONNECTED " + subscribers.size() + " " + failed + " " + millis);
    }

    private static WebSocketClient newClient(String source) {
        try {
            HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(1));
            QueuedThreadPool threads = new QueuedThreadPool(THREADS, Math.min(THREADS, 8));
            threads.setName("generator-" + source);
            http.setExecutor(threads);
            http.setBindAddress(new InetSocketAddress(source, 0));
            http.setMaxConnectionsPerDestination(100_000);
            http.setMaxRequestsQueuedPerDestination(100_000);
            http.setConnectTimeout(30_000);
            WebSocketClient ws = new WebSocketClient(http);
            ws.setIdleTimeout(Duration.ofMinutes(30));
            ws.setConnectTimeout(30_000);
            ws.start();
            return ws;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a WebSocket client bound to " + source, e);
        }
    }

    private void collect(int k, long t0, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        int missing;
        do {
            missing = 0;
            for (Subscriber s : subscribers) {
                if (s.receipt(k) == 0 && !s.isClosed()) {
                    missing++;
                }
            }
            if (missing > 0) {
                Thread.sleep(2);
            }
        } while (missing > 0 && System.nanoTime() < deadline);
        StringBuilder line = new StringBuilder(subscribers.size() * 6 + 32);
        int got = 0;
        for (Subscriber s : subscribers) {
            long r = s.receipt(k);
            if (r != 0) {
                line.append(got++ == 0 ? "" : ",").append(r - t0);
            }
        }
        out.println("@LAT " + k + " " + (subscribers.size() - got) + " " + (got == 0 ? "-" : line));
    }

    private void close() {
        subscribers.forEach(Subscriber::close);
        for (WebSocketClient c : clients.values()) {
            try {
                c.stop();
            } catch (Exception e) {
                // exiting anyway
            }
        }
        clients.clear();
    }
}
