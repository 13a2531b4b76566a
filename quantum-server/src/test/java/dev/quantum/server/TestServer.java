package dev.quantum.server;

import dev.quantum.server.config.ConfigLoader;
import dev.quantum.server.store.SyncStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A real Quantum server on a free loopback port over a temp root, with a plain
 * {@link HttpClient} to talk to it. {@link #restart()} starts a new server on the same
 * root (and config) after stopping this one.
 */
final class TestServer implements AutoCloseable {

    private final Path root;
    private final String fileSyncOptions;
    private final QuantumServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(Path root, String fileSyncOptions) throws Exception {
        this.root = root;
        this.fileSyncOptions = fileSyncOptions;
        this.server = QuantumServer.start(ConfigLoader.parse(config(root, fileSyncOptions)), Clock.systemUTC());
    }

    /** The embedded default shape (file_sync for every path) over {@code root}. */
    static TestServer start(Path root) throws Exception {
        return new TestServer(root, "");
    }

    /** Like {@link #start(Path)} with extra file_sync fields, e.g. {@code "enable_upload": false}. */
    static TestServer start(Path root, String fileSyncOptions) throws Exception {
        return new TestServer(root, fileSyncOptions);
    }

    static String config(Path root, String options) {
        String extra = options.isBlank() ? "" : ", " + options;
        return """
                {"apps":{"http":{"grace_period":"5s","servers":{"test":{"listen":["127.0.0.1:0"],
                 "routes":[{"match":[{"path":["/*"]}],
                            "handle":[{"handler":"file_sync","root":"%s"%s}]}]}}}}}"""
                .formatted(root.toString().replace("\\", "\\\\"), extra);
    }

    TestServer restart() throws Exception {
        close();
        return new TestServer(root, fileSyncOptions);
    }

    URI base() {
        return server.uris().getFirst();
    }

    URI ws() {
        return URI.create("ws://" + base().getAuthority() + "/ws");
    }

    URI uri(String pathAndQuery) {
        return URI.create(base() + pathAndQuery);
    }

    Path root() {
        return root;
    }

    SyncStore store() {
        return server.stores().values().iterator().next();
    }

    QuantumServer server() {
        return server;
    }

    HttpClient http() {
        return http;
    }

    /** Percent-encodes each segment of a relative path for {@code /api/files/…}. */
    static String encode(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    HttpResponse<String> put(String path, String content, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/files/" + encode(path)))
                .PUT(HttpRequest.BodyPublishers.ofString(content));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    HttpResponse<String> delete(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/files/" + encode(path))).DELETE();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b);
    }

    HttpResponse<String> post(String pathAndQuery, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Override
    public void close() {
        http.close();
        server.close();
    }
}
