package dev.quantum.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a run measured: CPU, cores, memory, JDK and OS, read once at start. Immutable. */
public record Machine(String cpu, int cores, long memoryMiB, String jdk, String os) {

    /** Reads this machine's description from the JVM and /proc. */
    public static Machine current() {
        String cpu = procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
        long memKb = procLine("/proc/meminfo", "MemTotal").map(s -> Long.parseLong(s.replaceAll("[^0-9]", ""))).orElse(0L);
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version");
        String os = osRelease() + " (" + System.getProperty("os.name") + " " + System.getProperty("os.version") + ")";
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memKb / 1024, jdk, os);
    }

    private static java.util.Optional<String> procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static String osRelease() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/os-release"));
            return lines.stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse("unknown OS");
        } catch (IOException e) {
            return System.getProperty("os.name");
        }
    }
}
