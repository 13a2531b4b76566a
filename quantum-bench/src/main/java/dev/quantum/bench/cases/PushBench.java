package dev.quantum.bench.cases;

import dev.quantum.bench.load.Probe;
import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.proc.ServerProcess;
import dev.quantum.bench.report.Figure;
import dev.quantum.bench.report.Stats;
import dev.quantum.bench.report.Stats.Stat;
import dev.quantum.bench.report.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The push alone: an HTTP PUT of a small file until a WebSocket subscriber (in the same
 * JVM as the uploader, so one clock) holds its FileOperation. Sequential, quiescent trials.
 */
final class PushBench implements Benchmark {

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
        try (ServerProcess server = ServerProcess.start(env, env.newDir("push-root"), List.of(), "");
                Probe subscriber = Probe.connect(server.ws())) {
            subscriber.subscribe("bench-push-subscriber", null);
            Http http = new Http(server.http());
            List<Double> push = new ArrayList<>();
            List<Double> response = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            java.nio.file.Path disk = env.newDir("push-fsync");
            for (int i = 0; i < warmup + trials; i++) {
                String path = "push/f-" + i + ".txt";
                byte[] body = ("push trial " + i + "\n").repeat(20).getBytes(StandardCharsets.UTF_8);
                subscriber.clear();
                long t0 = System.nanoTime();
                http.put(path, body);
                long t1 = System.nanoTime();
                Probe.Frame f = subscriber.next(Duration.ofSeconds(30), t -> t.contains("FileOperation") && t.contains(path));
                if (f == null) {
                    throw new IllegalStateException("the subscriber never received the FileOperation of " + path);
                }
                if (i >= warmup) {
                    push.add((f.nanos() - t0) / 1e6);
                    response.add((t1 - t0) / 1e6);
                    floor.add(DurableCommit.millis(disk, "f-" + i + ".txt", body));
                }
                Thread.sleep(5);
            }
            return List.of(
                    Figure.of("push.put-to-subscriber", "HTTP PUT sent → FileOperation received by a /ws subscriber",
                            "ms", Stats.of(push)).withTarget(new Target.AtMost(Stat.MEDIAN, 2))
                            .withBaseline("durable commit floor (3 fsyncs, same disk)", Stats.of(floor))
                            .withNote(trials + " sequential PUTs of ~300 bytes after " + warmup + " warm-up ones; uploader and subscriber in the harness JVM (System.nanoTime). The baseline, timed "
                            + "after each trial in the same scratch disk, is the least a durable upload needs before it may be "
                            + "broadcast: temp file + fsync, rename + folder fsync, log append + fsync"),
                    Figure.of("push.put-response", "HTTP PUT sent → its 201 response received (same trials)", "ms",
                            Stats.of(response)));
        }
    }
}
