package dev.quantum.bench.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every child process a run starts, so that each one is stopped even when the harness is
 * interrupted: {@link #stop} ends one (SIGTERM, then SIGKILL after a grace period), and a
 * shutdown hook ends whatever is left. Thread-safe.
 */
public final class Children {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Children::stopAll, "bench-children-reaper"));
    }

    private Children() {
    }

    /**
     * The log level of Quantum child processes: {@code warn}, or {@code QUANTUM_BENCH_LOG} when set
     * (e.g. {@code debug} to see each sync pass; it slows the children down).
     */
    public static Map<String, String> quantumLogLevel() {
        return Map.of("QUANTUM_LOG", System.getenv().getOrDefault("QUANTUM_BENCH_LOG", "warn"));
    }

    /** Starts {@code command} with output appended to {@code log}, and registers it. */
    public static Process start(List<String> command, Path directory, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        LIVE.add(p);
        return p;
    }

    /** Starts {@code command} with piped standard streams (for the load generator), and registers it. */
    public static Process startPiped(List<String> command, Path errorLog) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()));
        Process p = pb.start();
        LIVE.add(p);
        return p;
    }

    /** Stops {@code p} and its descendants: SIGTERM, then SIGKILL after {@code graceMillis}. */
    public static void stop(Process p, long graceMillis) {
        if (p == null) {
            return;
        }
        try {
            List<ProcessHandle> descendants = p.descendants().toList();
            p.destroy();
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(p);
        }
    }

    /** Forgets a process that ended by itself. */
    static void ended(Process p) {
        LIVE.remove(p);
    }

    /** Kills every registered child and its descendants at once (also run by the shutdown hook). */
    public static void stopAll() {
        for (Process p : List.copyOf(LIVE)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
