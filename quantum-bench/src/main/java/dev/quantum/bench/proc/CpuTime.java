package dev.quantum.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU time (user + system) a process has used so far, from /proc (Linux). */
public final class CpuTime {

    private static final double TICK_SECONDS = 0.01;

    private CpuTime() {
    }

    /** Seconds of CPU used by {@code pid} and its threads so far. */
    public static double seconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_SECONDS;
    }

    /**
     * Waits until none of {@code pids} has used more than a tick of CPU in each of
     * {@code quietChecks} half seconds in a row (a JVM that has finished starting and
     * compiling), checking {@code alive} at each step; at most {@code max}.
     *
     * @throws IOException when they are still busy after {@code max}
     */
    public static void awaitQuiet(int quietChecks, Duration max, Alive alive, long... pids) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long[] last = new long[pids.length];
        java.util.Arrays.fill(last, -1);
        int still = 0;
        while (still < quietChecks) {
            if (System.nanoTime() > deadline) {
                throw new IOException("still busy after " + max.toSeconds() + " s (processes " + java.util.Arrays.toString(pids) + ")");
            }
            Thread.sleep(500);
            alive.check();
            boolean quiet = true;
            for (int i = 0; i < pids.length; i++) {
                long ticks = Math.round(seconds(pids[i]) / TICK_SECONDS);
                quiet &= ticks - last[i] <= 1;
                last[i] = ticks;
            }
            still = quiet ? still + 1 : 0;
        }
    }

    /** Throws when a process waited for has exited. */
    @FunctionalInterface
    public interface Alive {
        void check() throws IOException;
    }
}
