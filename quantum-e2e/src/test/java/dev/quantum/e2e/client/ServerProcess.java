package dev.quantum.e2e.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The real server as a process on a loopback port, serving {@code root}; can be killed and started again. */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path root;
    final int port;
    private final Path log;
    private final List<String> args;
    private final String readyPath;
    private Process process;

    private ServerProcess(Path root, int port, Path log, List<String> args, String readyPath) {
        this.root = root;
        this.port = port;
        this.log = log;
        this.args = args;
        this.readyPath = readyPath;
    }

    static ServerProcess start(Path root, Path logs) throws IOException {
        int port = Launch.freePort();
        ServerProcess server = new ServerProcess(root, port, logs.resolve("server.log"),
                List.of("--root", root.toString(), "--listen", "127.0.0.1:" + port), "/api/list");
        server.start();
        return server;
    }

    /** A server whose file_sync handler has {@code auth} (a JSON object); ready once {@code /health} answers. */
    static ServerProcess startWithAuth(Path root, Path logs, String auth) throws IOException {
        return startWithConfig(root, logs, "", ",\"auth\":" + auth, "/health");
    }

    /** A server on HTTPS with its own certificate ({@link #certificate()}); ready once it logs that it listens. */
    static ServerProcess startWithTls(Path root, Path logs) throws IOException {
        return startWithConfig(root, logs, ",\"tls\":{\"internal\":true}", "", null);
    }

    private static ServerProcess startWithConfig(Path root, Path logs, String serverOptions, String fileSyncOptions,
                                                 String readyPath) throws IOException {
        int port = Launch.freePort();
        Path config = logs.resolve("server-config.json");
        Files.writeString(config, """
                {"apps":{"http":{"servers":{"s":{"listen":["127.0.0.1:%d"]%s,"routes":[{"match":[{"path":["/api/*","/ws"]}],
                "handle":[{"handler":"file_sync","root":"%s","enable_upload":true%s}]}]}}}}}
                """.formatted(port, serverOptions, root.toString().replace("\\", "\\\\"), fileSyncOptions));
        ServerProcess server = new ServerProcess(root, port, logs.resolve("server.log"),
                List.of("--config", config.toString()), readyPath);
        server.start();
        return server;
    }

    /** The server's own TLS certificate, for a server started {@link #startWithTls}. */
    Path certificate() {
        return root.resolve(".quantum/tls/internal-s.crt");
    }

    String url() {
        return (readyPath == null ? "https" : "http") + "://127.0.0.1:" + port;
    }

    void start() throws IOException {
        Path jar = Launch.jar("quantum.server.jar", "quantum-server");
        process = Launch.start(Launch.java(jar, args), log);
        Wait.until("the server to answer", Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("server exited (" + process.exitValue() + "):\n" + logTail());
            }
            return readyPath == null ? Files.exists(log) && Files.readString(log).contains("listening on https://") : healthy();
        }, this::logTail);
    }

    /** SIGKILL: no shutdown hook, no goodbye to the clients. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + readyPath)).build(),
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
