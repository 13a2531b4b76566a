package dev.quantum.bench;

import dev.quantum.bench.cases.Benchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/bench [--quick] [--only NAME,…] [--out FILE] [--root DIR] [--logs DIR] [--jfr]
 * [--gc-log] [--command TEXT]}: runs the benchmarks and writes the report. Exit 0 when every selected
 * benchmark produced its figures, 1 when one failed, 2 on bad arguments.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(Options.USAGE);
            return;
        }
        try {
            boolean ok = new Harness(options).run();
            System.exit(ok ? 0 : 1);
        } catch (Exception e) {
            System.err.println("bench: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Parsed command line. Immutable. */
    record Options(boolean quick, Set<String> only, Path out, Path root, Path logs, boolean jfr, boolean gcLog,
            String command) {

        static final String USAGE = """
                usage: bin/bench [--quick] [--only NAME,...] [--out FILE] [--jfr] [--gc-log]
                  --quick      tiny sizes and trial counts, well under a minute; writes target/bench-quick.md
                  --only       run only these benchmarks: %s (idle and fanout mean connections)
                  --out        report file (default BENCHMARKS.md, or target/bench-quick.md with --quick)
                  --jfr        record server and client JVMs with Java Flight Recorder into the logs folder
                  --gc-log     log every child JVM's garbage collections (pauses included) into the logs folder
                  --root DIR   repository root (default .); --logs DIR child logs (default quantum-bench/target/bench-logs)
                """.formatted(String.join(",", Benchmark.all().stream().map(Benchmark::name).toList()));

        /** Parses {@code args}; null means --help. */
        static Options parse(String[] args) {
            boolean quick = false;
            boolean jfr = false;
            boolean gcLog = false;
            Set<String> only = new LinkedHashSet<>();
            Path out = null;
            Path root = Path.of(".");
            Path logs = null;
            String command = null;
            List<String> known = Benchmark.all().stream().map(Benchmark::name).toList();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--jfr" -> jfr = true;
                    case "--gc-log" -> gcLog = true;
                    case "-h", "--help" -> {
                        return null;
                    }
                    case "--only" -> {
                        for (String n : value(args, ++i, "--only").split(",")) {
                            String name = n.equals("idle") || n.equals("fanout") ? "connections" : n.trim();
                            if (!known.contains(name)) {
                                throw new IllegalArgumentException("--only: unknown benchmark '" + n + "'; known: " + String.join(",", known));
                            }
                            only.add(name);
                        }
                    }
                    case "--out" -> out = Path.of(value(args, ++i, "--out"));
                    case "--root" -> root = Path.of(value(args, ++i, "--root"));
                    case "--logs" -> logs = Path.of(value(args, ++i, "--logs"));
                    case "--command" -> command = value(args, ++i, "--command");
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            root = root.toAbsolutePath().normalize();
            if (out == null) {
                out = quick ? root.resolve("quantum-bench/target/bench-quick.md") : root.resolve("BENCHMARKS.md");
            }
            if (logs == null) {
                logs = root.resolve("quantum-bench/target/bench-logs");
            }
            if (command == null) {
                List<String> parts = new ArrayList<>(List.of("bin/bench"));
                parts.addAll(List.of(args));
                command = String.join(" ", parts);
            }
            return new Options(quick, Set.copyOf(only), out.toAbsolutePath(), root, logs.toAbsolutePath(), jfr, gcLog,
                    command);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }
    }
}
