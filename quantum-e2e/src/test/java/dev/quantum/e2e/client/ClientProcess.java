package dev.quantum.e2e.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code realtime-sync-client} process on one folder; its log lands in a file the tests can wait on. */
final class ClientProcess implements AutoCloseable {

    final Path folder;
    final Path log;
    private final List<String> command;
    private Process process;

    private ClientProcess(Path folder, Path log, List<String> command) {
        this.folder = folder;
        this.log = log;
        this.command = command;
    }

    /** Starts a client on {@code folder} and waits until its first pass is done (and, with --realtime, it subscribed). */
    static ClientProcess start(ServerProcess server, Path folder, Path logs, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--server", server.url(), "--local-path", folder.toString()));
        args.addAll(List.of(options));
        Path log = logs.resolve(folder.getFileName() + ".log");
        ClientProcess client = new ClientProcess(folder, log, Launch.java(Launch.jar("quantum.client.jar", "quantum-client"), args));
        client.start(args.contains("--realtime") || args.contains("-r"));
        return client;
    }

    /** (Re)starts the process with the same command line. */
    void start(boolean realtime) throws IOException {
        long before = Files.exists(log) ? Files.size(log) : 0;
        process = Launch.start(command, log);
        awaitLog(before, "Ready: watching");
        if (realtime) {
            awaitLog(before, "connected and subscribed");
        }
    }

    void restart() throws IOException {
        start(command.contains("--realtime"));
    }

    /** Waits until the log (after byte {@code from}) contains {@code text}. */
    void awaitLog(long from, String text) {
        Wait.until("'" + text + "' in " + log.getFileName(), Duration.ofSeconds(60), () -> {
            if (logHas(from, text)) {
                return true;
            }
            if (process != null && !process.isAlive()) {
                throw new AssertionError("client exited (" + process.exitValue() + ") before logging '" + text + "':\n" + logTail());
            }
            return false;
        }, this::logTail);
    }

    boolean logHas(long from, String text) throws IOException {
        if (!Files.exists(log)) {
            return false;
        }
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) (all.length - Math.min(from, all.length)),
                java.nio.charset.StandardCharsets.UTF_8).contains(text);
    }

    long logSize() throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** SIGTERM, then waits for a clean exit; returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; returns its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("client did not exit within " + timeout + "; log:\n" + Launch.tail(log, 40));
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        return Launch.tail(log, 60);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
