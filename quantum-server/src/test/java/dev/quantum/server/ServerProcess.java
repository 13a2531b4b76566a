package dev.quantum.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * {@code dev.quantum.server.Main} as a real child process on this JVM's java and test
 * class path, its output (stdout and stderr) going to a file.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ServerProcess start(Path workDir, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(workDir, "server", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("QUANTUM_LOG");
        builder.environment().remove("RUST_LOG");
        return new ServerProcess(builder.start(), log);
    }

    /** Runs to completion and returns (exit code, output). */
    static Result run(Path workDir, String... args) throws Exception {
        try (ServerProcess p = start(workDir, args)) {
            if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("did not exit: " + p.output());
            }
            return new Result(p.process.exitValue(), String.join("\n", p.output()));
        }
    }

    record Result(int exitCode, String output) {
    }

    URI awaitListening() {
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> !process.isAlive() || output().stream().anyMatch(l -> LISTENING.matcher(l).find()));
        for (String line : output()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return URI.create(m.group(1));
            }
        }
        throw new AssertionError("server exited without listening: " + output());
    }

    Process process() {
        return process;
    }

    List<String> output() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
