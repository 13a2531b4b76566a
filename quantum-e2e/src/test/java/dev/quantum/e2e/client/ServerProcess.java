package dev.quantum.e2e.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The real server as a process on a loopback port, serving {@code root}; can be killed and started again. */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path root;
    final int port;
    private final Path log;
    private Process process;

    private ServerProcess(Path root, int port, Path log) {
        this.root = root;
        this.port = port;
        this.log = log;
    }

    static ServerProcess start(Path root, Path logs) throws IOException {
        ServerProcess server = new ServerProcess(root, Launch.freePort(), logs.resolve("server.log"));
        server.start();
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void start() throws IOException {
        Path jar = Launch.jar("quantum.server.jar", "quantum-server");
        process = Launch.start(Launch.java(jar, List.of("--root", root.toString(), "--listen", "127.0.0.1:" + port)), log);
        Wait.until("the server to answer", Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("server exited (" + process.exitValue() + "):\n" + logTail());
            }
            return healthy();
        }, this::logTail);
    }

    /** SIGKILL: no shutdown hook, no goodbye to the clients. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/api/list")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String logTail() {
        return Launch.tail(log, 40);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
