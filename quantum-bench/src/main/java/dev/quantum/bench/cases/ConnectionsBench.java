package dev.quantum.bench.cases;

import dev.quantum.bench.load.Clock;
import dev.quantum.bench.load.FanoutPayload;
import dev.quantum.bench.load.Generator;
import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.proc.CpuTime;
import dev.quantum.bench.proc.Jcmd;
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
 * Idle connections and fan-out. Load generator JVMs (plain non-blocking sockets, see
 * {@link dev.quantum.bench.load.LoadGenerator}) open subscribed /ws connections to one
 * server in steps (1k, 10k, 20k). At each step: the server's heap after GC and RSS against
 * the empty server, then uploads from the harness, each timed from just before its PUT
 * until each subscriber holds its FileOperation (wall clock in microseconds on both sides:
 * the generators are other JVMs on the same machine), with the CPU the server and the
 * generators spent per delivered message.
 */
final class ConnectionsBench implements Benchmark {

    /** Connections one generator JVM holds, below its open-file limit (20,000 here). */
    private static final int PER_GENERATOR = 10_000;
    private static final double KIB = 1024;
    /** Last byte of the next 127.0.0.x source address: each batch of connections gets a fresh one. */
    private static final java.util.concurrent.atomic.AtomicInteger SOURCE = new java.util.concurrent.atomic.AtomicInteger(10);

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public String title() {
        return "idle connections (server heap and RSS per connection) and fan-out to 1k / 10k / 20k subscribers";
    }

    @Override
    public Set<Needs> needs() {
        return Set.of(Needs.SERVER);
    }

    @Override
    public List<Figure> run(BenchEnv env) throws Exception {
        int[] levels = env.quick() ? new int[] {20, 100} : new int[] {1_000, 10_000, 20_000};
        List<Figure> figures = new ArrayList<>();
        List<Generator> generators = new ArrayList<>();
        Jcmd jcmd = env.jcmd();
        try (ServerProcess server = ServerProcess.start(env, env.newDir("connections-root"), List.of(), "")) {
            Http http = new Http(server.http());
            http.put("fanout/warm.txt", "warm".getBytes(StandardCharsets.UTF_8));
            long heap0 = jcmd.heapAfterGc(server.pid());
            long rss0 = Jcmd.rss(server.pid());
            long capacity = FdLimits.limit(server.pid()) - FdLimits.open(server.pid()) - 100;
            int upload = 0;
            int connected = 0;
            for (int level : levels) {
                int want = (int) Math.min(level, capacity);
                int before = connected;
                long[] connectMillis = {0};
                connected = grow(env, server, generators, want, connectMillis);
                double connectSeconds = Math.max(1, connectMillis[0]) / 1e3;
                String label = label(level);
                String capped = want < level ? " (capped at " + want + ": the server's open-file limit is "
                        + FdLimits.limit(server.pid()) + " and `ulimit -n` cannot raise it here)" : "";
                figures.addAll(idle(env, jcmd, server, label, connected, heap0, rss0, capped));
                figures.add(Figure.of("idle." + label + ".connect-rate", "subscribed connections opened per second (" + (connected - before)
                        + " new, " + dev.quantum.bench.load.LoadGenerator.WINDOW + " handshakes in flight per generator, timed inside it)",
                        "conn/s", Stats.of((connected - before) / connectSeconds)));
                int uploads = env.quick() ? 3 : (level <= 1_000 ? 40 : level <= 10_000 ? 25 : 20);
                figures.addAll(fanout(http, server, generators, label, level, connected, upload, uploads, capped));
                upload += uploads + 1;
            }
        } finally {
            generators.forEach(Generator::close);
        }
        return figures;
    }

    /** Adds generators and connections until {@code want} are connected; returns the total. */
    private static int grow(BenchEnv env, ServerProcess server, List<Generator> generators, int want, long[] millis)
            throws Exception {
        int total = generators.stream().mapToInt(Generator::connected).sum();
        while (total < want) {
            Generator g = generators.isEmpty() || generators.get(generators.size() - 1).connected() >= PER_GENERATOR
                    ? start(env, server, generators) : generators.get(generators.size() - 1);
            int n = Math.min(want - total, PER_GENERATOR - g.connected());
            int source = 10 + SOURCE.getAndIncrement() % 240;
            long failed = g.connect(n, "127.0.0." + source, "g" + generators.size() + "-" + source);
            millis[0] += g.lastConnectMillis();
            if (failed > 0) {
                throw new IllegalStateException(failed + " of " + n + " connections failed to subscribe; the first: " + g.firstFailure());
            }
            total = generators.stream().mapToInt(Generator::connected).sum();
        }
        return total;
    }

    private static Generator start(BenchEnv env, ServerProcess server, List<Generator> generators) throws Exception {
        Generator g = Generator.start(env, server.ws(), env.quick() ? "128m" : "256m");
        generators.add(g);
        return g;
    }

    private static List<Figure> idle(BenchEnv env, Jcmd jcmd, ServerProcess server, String label, int connected, long heap0, long rss0,
            String capped) throws Exception {
        List<Double> perConnection = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            perConnection.add((jcmd.heapAfterGc(server.pid()) - heap0) / KIB / connected);
        }
        long rss = Jcmd.rss(server.pid());
        jcmd.histogram(server.pid(), env.log("idle-" + label + "-server-histogram"), 40);
        return List.of(
                Figure.of("idle." + label + ".heap-per-connection", "server heap after full GC per subscribed idle connection, "
                        + connected + " connections, minus the heap of the server before any", "KiB/conn", Stats.of(perConnection))
                        .withTarget(new Target.AtMost(Stat.MEDIAN, 6))
                        .withNote("jcmd GC.run twice then GC.heap_info, 3 reads" + capped),
                Figure.of("idle." + label + ".rss-per-connection", "server RSS growth per connection (" + connected + " connections)",
                        "KiB/conn", Stats.of((rss - rss0) / KIB / connected)),
                Figure.of("idle." + label + ".server-rss", "server RSS with " + connected + " connections (empty server: "
                        + Math.round(rss0 / KIB / KIB) + " MiB)", "MiB", Stats.of(rss / KIB / KIB)));
    }

    private static List<Figure> fanout(Http http, ServerProcess server, List<Generator> generators, String label, int level,
            int connected, int firstUpload, int uploads, String capped) throws Exception {
        double serverCpu = 0;
        double generatorCpu = 0;
        List<Double> perSubscriber = new ArrayList<>();
        List<Double> lastSubscriber = new ArrayList<>();
        List<Double> response = new ArrayList<>();
        long missing = 0;
        for (int u = firstUpload; u <= firstUpload + uploads; u++) {
            String path = FanoutPayload.path(u);
            double serverBefore = CpuTime.seconds(server.pid());
            double generatorsBefore = generatorCpu(generators);
            long t0 = Clock.micros();
            http.put(path, ("fan-out upload " + u).getBytes(StandardCharsets.UTF_8));
            long t1 = Clock.micros();
            double last = 0;
            List<Double> latencies = new ArrayList<>();
            for (Generator g : generators) {
                Generator.Receipts r = g.collect(u, t0, Duration.ofSeconds(30));
                if (r.problems() > 0) {
                    throw new IllegalStateException("load generator " + g.pid() + " saw " + r.problems()
                            + " wrong or lost messages at " + label + "; the first: " + r.firstProblem());
                }
                missing += r.missing();
                for (long micros : r.latencyMicros()) {
                    latencies.add(micros / 1000.0);
                    last = Math.max(last, micros / 1000.0);
                }
            }
            if (u > firstUpload) {
                serverCpu += CpuTime.seconds(server.pid()) - serverBefore;
                generatorCpu += generatorCpu(generators) - generatorsBefore;
                perSubscriber.addAll(latencies);
                lastSubscriber.add(last);
                response.add((t1 - t0) / 1000.0);
            }
            Thread.sleep(200);
        }
        if (missing > 0) {
            throw new IllegalStateException(missing + " FileOperations never reached their subscriber within 30 s at " + label);
        }
        Target target = level >= 20_000 ? new Target.AtMost(Stat.P99, 250) : level >= 10_000 ? new Target.AtMost(Stat.P99, 100) : null;
        String note = uploads + " sequential uploads after one warm-up, 200 ms apart, " + connected + " subscribers; "
                + "statistics pooled over every (subscriber, upload) pair; a receipt is timed when the generator reads it, "
                + "up to " + dev.quantum.bench.load.LoadGenerator.COALESCE_MILLIS + " ms late (its selectors read fan-outs in batches)" + capped;
        return List.of(
                Figure.of("fanout." + label + ".per-subscriber", "PUT sent → FileOperation received, per subscriber, "
                        + connected + " subscribers", "ms", Stats.of(perSubscriber)).withTarget(target).withNote(note),
                Figure.of("fanout." + label + ".last-subscriber", "PUT sent → the last of " + connected
                        + " subscribers has it, per upload", "ms", Stats.of(lastSubscriber)),
                Figure.of("fanout." + label + ".server-cpu-per-delivery", "server CPU time (user + system, from /proc) per "
                        + "FileOperation delivered, over the measured uploads", "µs", Stats.of(serverCpu * 1e6 / perSubscriber.size()))
                        .withNote("the load generators used " + String.format(java.util.Locale.ROOT, "%.1f", generatorCpu * 1e6 / perSubscriber.size())
                                + " µs of CPU per FileOperation received, on the same cores (next row)"),
                Figure.of("fanout." + label + ".generator-cpu-per-message", "load generators' CPU time (user + system, from /proc, "
                        + generators.size() + " JVM" + (generators.size() == 1 ? "" : "s") + ") per FileOperation received and checked, "
                        + "over the same uploads: the instrument's share of the machine", "µs",
                        Stats.of(generatorCpu * 1e6 / perSubscriber.size()))
                        .withNote("non-blocking sockets, one selector thread per core, a minimal RFC 6455 client; each message's "
                                + "type, path and seq are checked on its bytes"),
                Figure.of("fanout." + label + ".put-response", "PUT sent → its response, with " + connected
                        + " subscribers (fan-out must not delay it)", "ms", Stats.of(response)));
    }

    private static double generatorCpu(List<Generator> generators) throws java.io.IOException {
        double sum = 0;
        for (Generator g : generators) {
            sum += CpuTime.seconds(g.pid());
        }
        return sum;
    }

    private static String label(int level) {
        return level % 1000 == 0 ? level / 1000 + "k" : Integer.toString(level);
    }
}
