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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The push alone: an HTTP PUT of a small file until a WebSocket subscriber (in the same
 * JVM as the uploader, so one clock) holds its FileOperation. Sequential, quiescent trials.
 * Both ends are lean so that the figure is the server's: the uploader writes each request
 * with one socket write on the measuring thread (see {@link RawHttpPut}), the subscriber is
 * a thread blocked in a plain socket read that stamps each frame as it is read.
 */
final class PushBench implements Benchmark {

    /** A text frame and the {@link System#nanoTime} at which its read returned. */
    private record Arrival(long nanos, String text) {
    }

    @Override
    public String name() {
        return "push";
    }

    @Override
    public String title() {
        return "push alone: HTTP PUT of a small file → FileOperation received by a /ws subscriber";
    }

    @Override
    public Set<Needs> needs() {
        return Set.of(Needs.SERVER);
    }

    @Override
    public List<Figure> run(BenchEnv env) throws Exception {
        int warmup = env.pick(100, 10);
        int trials = env.pick(300, 15);
        BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        try (ServerProcess server = ServerProcess.start(env, env.newDir("push-root"), List.of(), "");
                RawWebSocket subscriber = RawWebSocket.connect(server.ws());
                RawHttpPut uploader = new RawHttpPut(server.http())) {
            Thread reader = Thread.ofPlatform().name("push-subscriber").daemon().start(() -> read(subscriber, arrivals));
            subscriber.sendText("{\"type\":\"Subscribe\",\"client_id\":\"bench-push-subscriber\"}", 1);
            await(arrivals, t -> t.contains("\"Ack\""), "the subscribe Ack");
            List<Double> push = new ArrayList<>();
            List<Double> response = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            java.nio.file.Path disk = env.newDir("push-fsync");
            for (int i = 0; i < warmup + trials; i++) {
                String path = "push/f-" + i + ".txt";
                byte[] body = ("push trial " + i + "\n").repeat(20).getBytes(StandardCharsets.UTF_8);
                arrivals.clear();
                long t0 = System.nanoTime();
                uploader.put("/api/files/" + path, Http.UPLOADER, body);
                long t1 = System.nanoTime();
                Arrival a = await(arrivals, t -> t.contains("FileOperation") && t.contains(path), "the FileOperation of " + path);
                if (i >= warmup) {
                    push.add((a.nanos() - t0) / 1e6);
                    response.add((t1 - t0) / 1e6);
                    floor.add(DurableCommit.millis(disk, "f-" + i + ".txt", body));
                }
                Thread.sleep(5);
            }
            reader.interrupt();
            return List.of(
                    Figure.of("push.put-to-subscriber", "HTTP PUT sent → FileOperation received by a /ws subscriber",
                            "ms", Stats.of(push)).withTarget(new Target.AtMost(Stat.MEDIAN, 2))
                            .withBaseline("durable commit floor (3 fsyncs, same disk)", Stats.of(floor))
                            .withNote(trials + " sequential PUTs of ~300 bytes after " + warmup + " warm-up ones; uploader and "
                            + "subscriber in the harness JVM (System.nanoTime). The uploader writes each PUT with one socket write "
                            + "on a kept-alive connection and reads its 201 on the same thread, the subscriber is a thread blocked in a "
                            + "plain socket read: general clients cost the harness itself ~0.3-1.5 ms per push (the JDK HttpClient's "
                            + "thread hand-offs, Apache HttpClient's per-request work, Jetty's WebSocket client's dispatch), which "
                            + "was counted in the figure. The baseline, timed "
                            + "after each trial in the same scratch disk, is the least a durable upload needs before it may be "
                            + "broadcast: temp file + fsync, rename + folder fsync, log append + fsync"),
                    Figure.of("push.put-response", "HTTP PUT sent → its 201 response received (same trials)", "ms",
                            Stats.of(response)));
        }
    }

    /** Queues every text frame with the time its read returned, until the socket closes. */
    private static void read(RawWebSocket socket, BlockingQueue<Arrival> arrivals) {
        try {
            while (socket.read(payload -> arrivals.add(new Arrival(System.nanoTime(), StandardCharsets.UTF_8.decode(payload).toString())))) {
                // every frame is queued by the visitor
            }
        } catch (java.io.IOException e) {
            // closed at the end of the run
        }
    }

    /** The next arrival whose text matches (earlier ones are dropped); fails after 30 s. */
    private static Arrival await(BlockingQueue<Arrival> arrivals, java.util.function.Predicate<String> wanted, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            Arrival a = arrivals.poll(left, TimeUnit.NANOSECONDS);
            if (a != null && wanted.test(a.text())) {
                return a;
            }
        }
        throw new IllegalStateException("the subscriber never received " + what);
    }
}
