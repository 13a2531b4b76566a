package dev.quantum.bench.cases;

import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.report.Figure;
import dev.quantum.bench.report.Stats;
import dev.quantum.bench.report.Stats.Stat;
import dev.quantum.bench.report.Target;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Propagation latency end to end: a ≤ 1 KiB file written into A's folder until the same
 * bytes are in B's, with two real {@code --realtime} clients and a real server on
 * loopback; directions alternate, quiescent between trials.
 */
final class PropagationBench implements Benchmark {

    private static final long WARM_UP_QUIET_MILLIS = 20;
    private static final Target TARGET = new Target.All(List.of(new Target.AtMost(Stat.MEDIAN, 10), new Target.AtMost(Stat.P99, 50)));

    @Override
    public String name() {
        return "propagation";
    }

    @Override
    public String title() {
        return "propagation latency: a small file written in client A's folder until the same bytes are in client B's";
    }

    @Override
    public Set<Needs> needs() {
        return Set.of(Needs.SERVER, Needs.CLIENT);
    }

    @Override
    public List<Figure> run(BenchEnv env) throws Exception {
        int warmUps = env.pick(60, 0);
        int trials = env.pick(200, 5);
        long quiet = env.pick(150, 50);
        List<Double> ab = new ArrayList<>();
        List<Double> ba = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        try (SyncPair pair = SyncPair.start(env, "propagation", List.of("p"));
                WatchService watchA = SyncPair.watch(pair.a.resolve("p"));
                WatchService watchB = SyncPair.watch(pair.b.resolve("p"))) {
            for (int i = 0; i < 2 * warmUps; i++) {
                trial(pair, i % 2 == 0 ? watchB : watchA, i % 2 == 0, "w-" + i, random);
                Thread.sleep(WARM_UP_QUIET_MILLIS);
            }
            for (int i = 0; i < 2 * trials; i++) {
                boolean forward = i % 2 == 0;
                double millis = trial(pair, forward ? watchB : watchA, forward, "t-" + i, random);
                (forward ? ab : ba).add(millis);
                Thread.sleep(quiet);
            }
        }
        List<Double> both = new ArrayList<>(ab);
        both.addAll(ba);
        String note = trials + " trials per direction, alternating, " + quiet + " ms quiet between trials, after " + warmUps
                + " unmeasured warm-up trials per direction (a running client's code is compiled; the first minutes of a"
                + " fresh JVM are not what a user feels all day); 512–1023 random bytes written with one Files.write;"
                + " arrival seen by inotify on the other folder, then a byte comparison";
        return List.of(
                Figure.of("propagation.a-to-b", "file written in A → same bytes in B", "ms", Stats.of(ab)).withTarget(TARGET).withNote(note),
                Figure.of("propagation.b-to-a", "file written in B → same bytes in A", "ms", Stats.of(ba)).withTarget(TARGET),
                Figure.of("propagation.both", "both directions together", "ms", Stats.of(both)).withTarget(TARGET));
    }

    /** Writes a new small file on one side and returns the milliseconds until the other side has the same bytes. */
    private static double trial(SyncPair pair, WatchService arrivals, boolean forward, String name, SplittableRandom random)
            throws Exception {
        Path from = forward ? pair.a : pair.b;
        Path to = forward ? pair.b : pair.a;
        byte[] content = new byte[512 + random.nextInt(512)];
        random.nextBytes(content);
        Path rel = Path.of("p", name + ".bin");
        long t0 = System.nanoTime();
        java.nio.file.Files.write(from.resolve(rel), content);
        long t1 = SyncPair.awaitBytes(arrivals, to.resolve(rel), content, Duration.ofSeconds(30));
        return (t1 - t0) / 1e6;
    }
}
