package dev.quantum.bench.cases;

import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.report.Figure;
import dev.quantum.bench.report.Stats;
import dev.quantum.bench.report.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Continuous edits: a burst of small files created in A, timed from the first write
 * until every one is in B with the right bytes, against the time of the burst itself.
 */
final class ContinuousEditsBench implements Benchmark {

    private static final int SIZE = 4096;

    @Override
    public String name() {
        return "edits";
    }

    @Override
    public String title() {
        return "continuous edits: a burst of 4 KiB files created in A until all are in B";
    }

    @Override
    public Set<Needs> needs() {
        return Set.of(Needs.SERVER, Needs.CLIENT);
    }

    @Override
    public List<Figure> run(BenchEnv env) throws Exception {
        int files = env.pick(1000, 50);
        int trials = env.pick(5, 1);
        List<Double> total = new ArrayList<>();
        List<Double> burst = new ArrayList<>();
        try (SyncPair pair = SyncPair.start(env, "edits", List.of("warm"))) {
            for (int t = 0; t < trials; t++) {
                Path folder = Path.of("burst-" + t);
                byte[][] contents = contents(files, t);
                String[] names = new String[files];
                for (int i = 0; i < files; i++) {
                    names[i] = name(i);
                }
                try (FolderArrivals arrivals = new FolderArrivals(pair.b.resolve(folder), names, contents)) {
                    Files.createDirectories(pair.a.resolve(folder));
                    long t0 = System.nanoTime();
                    for (int i = 0; i < files; i++) {
                        Files.write(pair.a.resolve(folder).resolve(names[i]), contents[i]);
                    }
                    long t1 = System.nanoTime();
                    long t2 = arrivals.await(t0 + TimeUnit.SECONDS.toNanos(180), () -> {
                        pair.clientA.checkAlive();
                        pair.clientB.checkAlive();
                    });
                    burst.add((t1 - t0) / 1e6);
                    total.add((t2 - t0) / 1e6);
                }
                Thread.sleep(env.pick(1000, 100));
            }
        }
        return List.of(Figure.of("edits.burst-to-all-in-b", "first write of the burst in A → the last file's bytes in B", "ms",
                Stats.of(total)).withBaseline("the burst of writes itself", Stats.of(burst))
                .withTarget(new Target.RelativeToBaseline(1.5, 100))
                .withNote(trials + " bursts of " + files + " files of 4 KiB into a new folder, 1 s quiet between bursts; B watched with inotify, "
                        + "each file compared once it has its size"));
    }

    private static byte[][] contents(int files, int trial) {
        SplittableRandom random = new SplittableRandom(trial);
        byte[][] out = new byte[files][SIZE];
        for (byte[] c : out) {
            random.nextBytes(c);
        }
        return out;
    }

    private static String name(int i) {
        return String.format("f%04d.bin", i);
    }
}
