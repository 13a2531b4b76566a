package dev.quantum.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every benchmark of one run shares: quick or full sizes, the JDK, the jars to
 * launch, a scratch folder under /tmp (deleted at the end) and a folder for child logs.
 * Thread-safe.
 *
 * @param quick       tiny sizes and trial counts (the smoke run of the test suite)
 * @param javaHome    the JDK that runs every child JVM and {@code jcmd}
 * @param serverJar   quantum-server's fat jar
 * @param clientJar   quantum-client's fat jar
 * @param classpath   the harness's own class path, for the load generator JVMs
 * @param scratch     temporary folder of this run; everything in it is deleted afterwards
 * @param logs        where child processes' output goes (kept for inspection)
 * @param jvmArgs     extra options for server and client JVMs (e.g. a JFR recording)
 * @param launchers   the launchers' folder ({@code bin}): its {@code server.jvm-options} and
 *                    {@code client.jvm-options} are given to server and client JVMs as the
 *                    launchers give them, as {@code @}argument files, when they exist (null: none)
 */
public record BenchEnv(boolean quick, Path javaHome, Path serverJar, Path clientJar, String classpath,
        Path scratch, Path logs, List<String> jvmArgs, Path launchers) {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public BenchEnv {
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** {@code full} in a full run, {@code quick} in a quick one. */
    public int pick(int full, int quick) {
        return this.quick ? quick : full;
    }

    public Path java() {
        return javaHome.resolve("bin/java");
    }

    /** A new empty folder in the scratch area. */
    public Path newDir(String name) {
        try {
            return Files.createDirectories(scratch.resolve(name + "-" + SEQUENCE.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new log file for a child process named {@code name}. */
    public Path log(String name) {
        try {
            Files.createDirectories(logs);
            return logs.resolve(name + "-" + SEQUENCE.incrementAndGet() + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The start of a child JVM command line: java, native access, this run's extra options. */
    public List<String> javaCommand(String... extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java().toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** The start of a server JVM command line, as {@code bin/quantum} starts it: {@link #javaCommand}, the server's options. */
    public List<String> serverCommand() {
        List<String> cmd = javaCommand();
        cmd.addAll(optionsFile("server.jvm-options"));
        return cmd;
    }

    /**
     * Why the client's class-data archive would be refused (a jar changed or moved since the
     * archive was made: the JVM then ignores it, silently with the options clients start with),
     * or empty when it is accepted or there is none.
     */
    public Optional<String> clientArchiveProblem() throws IOException, InterruptedException {
        Path archive = clientArchive();
        if (!Files.isRegularFile(archive)) {
            return Optional.empty();
        }
        Process p = new ProcessBuilder(java().toString(), "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:disable",
                "-cp", clientJar.toString(), "-version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0 ? Optional.empty()
                : Optional.of(archive + " does not match " + clientJar.getFileName()
                        + " (made before the jar last changed): clients start without it, about 0.1 s slower;"
                        + " rebuild with ./mvnw package");
    }

    /**
     * The start of a client JVM command line, as {@code bin/realtime-sync-client} starts it:
     * java, the class-data-sharing archive the build leaves next to the jar when there is one
     * (the jar's manifest grants native access: the archive must be used with the options it
     * was made with), the running client's options unless {@code once}, this run's extra options.
     */
    public List<String> clientCommand(boolean once) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java().toString());
        Path archive = clientArchive();
        if (Files.isRegularFile(archive)) {
            cmd.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:disable", "-Xlog:all=warning:stderr",
                    "-Xlog:cds*=off:stderr"));
        }
        if (!once) {
            cmd.addAll(optionsFile("client.jvm-options"));
        }
        cmd.addAll(jvmArgs);
        return cmd;
    }

    private List<String> optionsFile(String name) {
        Path file = launchers == null ? null : launchers.resolve(name);
        return file != null && Files.isRegularFile(file) ? List.of("@" + file) : List.of();
    }

    public Jcmd jcmd() {
        return new Jcmd(javaHome);
    }

    /** The class-data-sharing archive the client's build leaves next to its jar. */
    private Path clientArchive() {
        return clientJar.resolveSibling("quantum-client.jsa");
    }
}
