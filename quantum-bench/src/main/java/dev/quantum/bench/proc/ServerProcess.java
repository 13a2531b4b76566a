package dev.quantum.bench.proc;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real quantum-server process on a free loopback port, serving {@code root}. Started
 * with {@link #start}, ready when {@code GET /api/list} answers 200; {@link #close}
 * stops it (SIGTERM, then SIGKILL).
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path root;
    private final Path log;

    private ServerProcess(Process process, int port, Path root, Path log) {
        this.process = process;
        this.port = port;
        this.root = root;
        this.log = log;
    }

    /**
     * Starts a server on {@code root}. {@code handlerOptions} is extra JSON members of the
     * file_sync handler (e.g. {@code "send_queue_limit":4096}), or empty.
     */
    public static ServerProcess start(BenchEnv env, Path root, List<String> jvmArgs, String handlerOptions)
            throws IOException, InterruptedException {
        return start(env, root, jvmArgs, handlerOptions, Duration.ofSeconds(60));
    }

    /** As above, waiting up to {@code readyTimeout} for a root that takes long to index at start. */
    public static ServerProcess start(BenchEnv env, Path root, List<String> jvmArgs, String handlerOptions,
            Duration readyTimeout) throws IOException, InterruptedException {
        int port = freePort();
        Path config = env.scratch().resolve("server-" + port + ".json");
        String options = handlerOptions.isEmpty() ? "" : "," + handlerOptions;
        Files.writeString(config, """
                {"apps":{"http":{"servers":{"bench":{"listen":["127.0.0.1:%d"],"routes":[{"match":[{"path":["/api/*","/ws"]}],\
                "handle":[{"handler":"file_sync","root":"%s","enable_upload":true%s}]}]}}}}}
                """.formatted(port, root.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\""), options));
        List<String> cmd = new ArrayList<>(env.serverCommand());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", env.serverJar().toString(), "--config", config.toString()));
        Path log = env.log("server");
        Process p = Children.start(cmd, root.getParent(), Children.quantumLogLevel(), log);
        ServerProcess server = new ServerProcess(p, port, root, log);
        try {
            server.awaitReady(readyTimeout);
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path root() {
        return root;
    }

    public URI http() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the server has finished starting: its CPU time stops growing (class loading
     * and the JIT's first compilations done), as a server that was running before a client
     * came to sync has.
     */
    public void awaitSettled() throws IOException, InterruptedException {
        CpuTime.awaitQuiet(2, java.time.Duration.ofMinutes(1), () -> {
            if (!isAlive()) {
                throw new IOException("the server exited while starting");
            }
        }, pid());
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + " at start: " + Logs.tail(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(http().resolve("/api/list"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("the server did not answer GET /api/list within " + timeout.toSeconds() + " s: " + Logs.tail(log));
    }

    @Override
    public void close() {
        Children.stop(process, 10_000);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
