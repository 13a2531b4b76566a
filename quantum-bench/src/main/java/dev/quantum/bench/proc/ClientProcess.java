package dev.quantum.bench.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real realtime-sync-client process mirroring {@code folder} with a server. */
public final class ClientProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ClientProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code realtime-sync-client --server URL --local-path FOLDER --client-id ID ARGS…}, plus
     * the options in {@code QUANTUM_BENCH_CLIENT_ARGS} when set (for experiments, e.g. {@code --transfers 16}).
     */
    public static ClientProcess start(BenchEnv env, ServerProcess server, Path folder, String clientId,
            List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(env.clientCommand(List.of(args).contains("--once")));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", env.clientJar().toString(), "--server", server.http().toString(),
                "--local-path", folder.toString(), "--client-id", clientId));
        cmd.addAll(List.of(args));
        String extra = System.getenv().getOrDefault("QUANTUM_BENCH_CLIENT_ARGS", "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        Path log = env.log("client-" + clientId);
        return new ClientProcess(Children.start(cmd, folder.getParent(), Children.quantumLogLevel(), log), log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the client to exit by itself and returns its exit code; fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IOException("the client did not finish within " + timeout.toSeconds() + " s: " + Logs.tail(log));
        }
        Children.ended(process);
        return process.exitValue();
    }

    /** Fails with the log's tail when the client has exited. */
    public void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("the client exited with " + process.exitValue() + ": " + Logs.tail(log));
        }
    }

    public String logTail() {
        return Logs.tail(log);
    }

    @Override
    public void close() {
        Children.stop(process, 10_000);
    }
}
