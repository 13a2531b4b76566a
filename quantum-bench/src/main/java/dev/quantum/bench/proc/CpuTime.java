package dev.quantum.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
