package dev.quantum.bench.cases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Open-file limits and counts of a process, from /proc (Linux). */
final class FdLimits {

    private FdLimits() {
    }

    /** The soft "Max open files" of {@code pid}. */
    static long limit(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IOException("no open-file limit for pid " + pid);
    }

    /** File descriptors {@code pid} has open now. */
    static long open(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }
}
