package dev.quantum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.bench.cases.Benchmark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code bin/bench --quick} the way the script does (the packaged harness jar in its
 * own JVM, against the packaged server and client jars) so the harness never rots. It
 * checks that every benchmark produced its figures, never how fast anything was.
 */
class QuickRunIT {

    /** Figures each benchmark must produce, by benchmark name. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "micro", List.of("micro.CodecBenchmark.encodeFileOperation", "micro.CodecBenchmark.decodeFileOperation",
                    "micro.HashBenchmark.sha256.4KiB", "micro.HashBenchmark.sha256.1MiB",
                    "micro.StoreBenchmark.putNewFile", "micro.StoreBenchmark.mkdir"),
            "push", List.of("push.put-to-subscriber", "push.put-response"),
            "busy", List.of("busy.ping-pong", "busy.live-deliveries", "busy.replay-deliveries"),
            "propagation", List.of("propagation.a-to-b", "propagation.b-to-a", "propagation.both"),
            "edits", List.of("edits.burst-to-all-in-b"),
            "connections", List.of("idle.100.heap-per-connection", "idle.100.server-rss", "fanout.20.per-subscriber",
                    "fanout.100.per-subscriber", "fanout.100.last-subscriber", "fanout.100.put-response",
                    "fanout.100.server-cpu-per-delivery", "fanout.100.generator-cpu-per-message"),
            "bulk", List.of("bulk.tree.download", "bulk.tree.upload", "bulk.big.download", "bulk.big.upload"),
            "client-memory", List.of("client-memory.heap", "client-memory.per-file"));

    @Test
    void quick_run_produces_every_benchmarks_figures() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Path root = module.getParent();
        Path out = module.resolve("target/bench-quick-it.md");
        Files.deleteIfExists(out);
        Path log = module.resolve("target/bench-quick-it.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", module.resolve("target/quantum-bench.jar").toString(), "--quick", "--root", root.toString(),
                "--out", out.toString(), "--logs", module.resolve("target/bench-quick-it-logs").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(out).as("report; harness output:%n%s", output).exists();
        String report = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(report).as(output).doesNotContain("not run: failed");
        for (Benchmark b : Benchmark.all()) {
            String missing = Harness.missing(b, BenchEnvs.of(root));
            if (!missing.isEmpty()) {
                assertThat(report).contains("**" + b.name() + "** | | | | | | | | | | | not run: unavailable: " + missing);
                continue;
            }
            for (String id : EXPECTED.get(b.name())) {
                assertThat(report).as("figure %s of %s; harness output:%n%s", id, b.name(), output).contains("| " + id + " | ");
            }
        }
    }
}
