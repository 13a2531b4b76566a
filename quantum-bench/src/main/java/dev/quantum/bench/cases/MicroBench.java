package dev.quantum.bench.cases;

import dev.quantum.bench.micro.CodecBenchmark;
import dev.quantum.bench.micro.HashBenchmark;
import dev.quantum.bench.micro.StoreBenchmark;
import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.report.Figure;
import dev.quantum.bench.report.Stats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** JMH microbenchmarks: the codec on a FileOperation, SHA-256 of 4 KiB and 1 MiB. */
final class MicroBench implements Benchmark {

    @Override
    public String name() {
        return "micro";
    }

    @Override
    public String title() {
        return "JMH microbenchmarks of the hot paths (JsonCodec, SHA-256, the server store's change-log writes)";
    }

    @Override
    public Set<Needs> needs() {
        return Set.of();
    }

    @Override
    public List<Figure> run(BenchEnv env) throws Exception {
        Options options = new OptionsBuilder()
                .include(CodecBenchmark.class.getName()).include(HashBenchmark.class.getName())
                .include(StoreBenchmark.class.getName())
                .forks(env.pick(1, 0))
                .warmupIterations(env.pick(3, 1)).warmupTime(TimeValue.milliseconds(env.pick(1000, 100)))
                .measurementIterations(env.pick(5, 3)).measurementTime(TimeValue.milliseconds(env.pick(1000, 100)))
                .jvmArgs("-Xmx512m").shouldFailOnError(true)
                .output(env.log("jmh").toString())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<Figure> figures = new ArrayList<>();
        for (RunResult run : results) {
            String method = run.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1);
            String size = run.getParams().getParam("size");
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult b : run.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    scores.add(i.getPrimaryResult().getScore());
                }
            }
            if (size == null) {
                figures.add(Figure.of("micro." + method, "JMH average time per call, one iteration per sample",
                        run.getPrimaryResult().getScoreUnit(), Stats.of(scores)));
            } else {
                int bytes = Integer.parseInt(size);
                List<Double> mbPerSecond = scores.stream().map(us -> bytes / us).toList();
                figures.add(Figure.of("micro." + method + "." + (bytes >= 1 << 20 ? (bytes >> 20) + "MiB" : (bytes >> 10) + "KiB"),
                        "SHA-256 throughput of a " + bytes + "-byte buffer (JDK MessageDigest), one iteration per sample",
                        "MB/s", Stats.of(mbPerSecond)));
            }
        }
        return figures;
    }
}
