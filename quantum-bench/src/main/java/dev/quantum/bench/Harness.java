package dev.quantum.bench;

import dev.quantum.bench.cases.Benchmark;
import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.proc.Children;
import dev.quantum.bench.proc.Folders;
import dev.quantum.bench.report.Figure;
import dev.quantum.bench.report.Machine;
import dev.quantum.bench.report.ReportWriter;
import dev.quantum.bench.report.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/** One run: checks prerequisites, runs each selected benchmark, writes the report, cleans up. */
final class Harness {

    /** Child JVMs of a quick run start faster with only the first JIT tier and the serial collector. */
    static final List<String> QUICK_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Main.Options options;

    Harness(Main.Options options) {
        this.options = options;
    }

    /** Runs and reports; true when every selected benchmark produced figures. */
    boolean run() throws IOException, InterruptedException {
        Instant started = Instant.now();
        Path scratch = Files.createTempDirectory(Path.of("/tmp"), "quantum-bench-");
        Thread cleaner = new Thread(() -> {
            Children.stopAll();
            Folders.delete(scratch);
        }, "bench-scratch-cleaner");
        Runtime.getRuntime().addShutdownHook(cleaner);
        List<String> jvmArgs = new ArrayList<>();
        if (options.quick()) {
            jvmArgs.addAll(QUICK_JVM);
        }
        if (options.jfr() || options.gcLog()) {
            Files.createDirectories(options.logs());
        }
        if (options.jfr()) {
            jvmArgs.add("-XX:StartFlightRecording=settings=profile,filename=" + options.logs() + "/");
        }
        if (options.gcLog()) {
            jvmArgs.add("-Xlog:gc*,safepoint:file=" + options.logs() + "/gc-%p.log:uptime,tags");
        }
        BenchEnv env = new BenchEnv(options.quick(), Path.of(System.getProperty("java.home")),
                options.root().resolve("quantum-server/target/quantum-server.jar"),
                options.root().resolve("quantum-client/target/quantum-client.jar"),
                System.getProperty("java.class.path"), scratch, options.logs(), jvmArgs,
                options.root().resolve("bin"));
        env.clientArchiveProblem().ifPresent(problem -> System.out.println("bench: warning: " + problem));
        List<Section> sections = new ArrayList<>();
        try {
            for (Benchmark b : Benchmark.all()) {
                if (!options.only().isEmpty() && !options.only().contains(b.name())) {
                    continue;
                }
                sections.add(runOne(b, env));
            }
        } finally {
            Folders.delete(scratch);
        }
        ReportWriter.write(options.out(), Machine.current(), options.command(), started,
                Duration.between(started, Instant.now()), options.quick(), sections);
        System.out.println("bench: report written to " + options.out());
        return sections.stream().allMatch(Section::ok);
    }

    private Section runOne(Benchmark b, BenchEnv env) {
        String missing = missing(b, env);
        if (!missing.isEmpty()) {
            System.out.println("bench: " + b.name() + ": unavailable: " + missing);
            return new Section(b.name(), b.title(), List.of(), "unavailable: " + missing, 0);
        }
        System.out.println("bench: " + b.name() + ": " + b.title() + " …");
        long start = System.nanoTime();
        String firstFailure = "";
        for (int attempt = 1; ; attempt++) {
            try {
                List<Figure> figures = b.run(env);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("bench: %s: %d figures in %.1f s%n", b.name(), figures.size(), seconds);
                if (!firstFailure.isEmpty()) {
                    String retried = "second attempt, the first failed: " + firstFailure;
                    figures = figures.stream().map(f -> f.withNote((f.note().isEmpty() ? "" : f.note() + "; ") + retried)).toList();
                }
                return new Section(b.name(), b.title(), figures, "", seconds);
            } catch (Exception | Error e) {
                System.out.println("bench: " + b.name() + ": FAILED: " + e);
                e.printStackTrace(System.out);
                if (attempt == 2 || env.quick()) {
                    return new Section(b.name(), b.title(), List.of(), "failed: " + e, (System.nanoTime() - start) / 1e9);
                }
                firstFailure = e.toString();
                System.out.println("bench: " + b.name() + ": retrying once (a shared machine: another session may have killed a child)");
            }
        }
    }

    /** Why {@code b} cannot run yet (a jar or its main class is missing), or "". */
    static String missing(Benchmark b, BenchEnv env) {
        List<String> problems = new ArrayList<>();
        if (b.needs().contains(Benchmark.Needs.SERVER)) {
            problems.add(jarProblem(env.serverJar(), "dev/quantum/server/Main.class"));
        }
        if (b.needs().contains(Benchmark.Needs.CLIENT)) {
            problems.add(jarProblem(env.clientJar(), "dev/quantum/client/Main.class"));
        }
        return String.join("; ", problems.stream().filter(p -> !p.isEmpty()).toList());
    }

    /** "" when {@code jar} exists and holds {@code mainClass}; the problem otherwise. */
    static String jarProblem(Path jar, String mainClass) {
        if (!Files.isRegularFile(jar)) {
            return jar.getFileName() + " is not built (" + jar + ")";
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getEntry(mainClass) != null ? "" : jar.getFileName() + " has no " + mainClass.replace('/', '.').replace(".class", "") + " yet";
        } catch (IOException e) {
            return jar.getFileName() + " is unreadable: " + e.getMessage();
        }
    }
}
