package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.protocol.JsonCodec;
import dev.quantum.server.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** /health, /metrics, the web UI and the seeds' configurations against a real server. */
class OperationsTest {

    @TempDir
    Path root;

    @Test
    void health_reports_ok_and_the_log_head() throws Exception {
        try (TestServer server = TestServer.start(root)) {
            server.put("a.txt", "a");
            HttpResponse<String> health = server.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = JsonCodec.parse(health.body());
            assertThat(body.get("status").asString()).isEqualTo("ok");
            assertThat(body.get("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void metrics_count_requests_uploads_and_changes() throws Exception {
        try (TestServer server = TestServer.start(root)) {
            server.put("a.txt", "abc");
            server.get("/api/files/missing");
            String metrics = server.get("/metrics").body();
            assertThat(metrics).contains("quantum_uploads_total 1.0", "quantum_upload_bytes_total 3.0",
                    "quantum_changes_committed_total 1.0", "quantum_http_requests_total{status=\"4xx\"} 1.0",
                    "quantum_http_requests_total{status=\"2xx\"}");
        }
    }

    @Test
    void the_web_ui_is_served_for_other_paths_with_no_cache() throws Exception {
        try (TestServer server = TestServer.start(root)) {
            HttpResponse<String> css = server.get("/server-test.css");
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css;charset=utf-8");
            assertThat(css.headers().firstValue("Cache-Control")).hasValue("no-cache");
            String etag = css.headers().firstValue("ETag").orElseThrow();
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/server-test.css")).header("If-None-Match", etag))
                    .statusCode()).isEqualTo(304);
            assertThat(server.get("/no-such-asset.js").statusCode()).isEqualTo(404);
            assertThat(server.get("/%2E%2E/etc/passwd").statusCode()).isEqualTo(400);
            Assumptions.assumeTrue(getClass().getClassLoader().getResource("quantum-web/index.html") != null,
                    "the browser view is not on the class path yet");
            HttpResponse<String> index = server.get("/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        }
    }

    @Test
    void the_seed_route_serves_the_api_and_ws_but_not_the_ui_and_an_added_route_adds_the_ui() throws Exception {
        String seedRoute = """
                {"match": [{"matcher": "path", "paths": ["/api/*", "/ws"]}],
                 "handle": [{"handler": "file_sync", "root": "%s", "enable_upload": true}]}""".formatted(root);
        String uiRoute = """
                {"match":[{"path":["/*"]}],"handle":[{"handler":"file_sync","root":"%s"}]}""".formatted(root);
        String config = """
                {"apps":{"http":{"servers":{"file_sync_server":{"listen":["127.0.0.1:0"],"routes":[%s]}}}}}""";
        try (QuantumServer seed = QuantumServer.start(ConfigLoader.parse(config.formatted(seedRoute)), Clock.systemUTC());
             HttpClient http = HttpClient.newHttpClient()) {
            URI base = seed.uris().getFirst();
            assertThat(get(http, base, "/api/list").statusCode()).isEqualTo(200);
            assertThat(get(http, base, "/server-test.css").statusCode()).isEqualTo(404);
        }
        try (QuantumServer withUi = QuantumServer.start(ConfigLoader.parse(config.formatted(seedRoute + "," + uiRoute)), Clock.systemUTC());
             HttpClient http = HttpClient.newHttpClient()) {
            URI base = withUi.uris().getFirst();
            assertThat(get(http, base, "/api/list").statusCode()).isEqualTo(200);
            assertThat(get(http, base, "/server-test.css").statusCode()).isEqualTo(200);
            assertThat(withUi.stores()).hasSize(1);
        }
    }

    @Test
    void file_server_serves_static_files_and_refuses_traversal() throws Exception {
        Path site = Files.createDirectories(root.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hi</h1>");
        String config = """
                {"apps":{"http":{"servers":{"s":{"listen":["127.0.0.1:0"],"routes":[
                  {"match":[{"path":["/*"]}],"handle":[{"handler":"file_server","root":"%s"}]}]}}}}}""".formatted(site);
        try (QuantumServer server = QuantumServer.start(ConfigLoader.parse(config), Clock.systemUTC());
             HttpClient http = HttpClient.newHttpClient()) {
            URI base = server.uris().getFirst();
            assertThat(get(http, base, "/index.html").body()).isEqualTo("<h1>hi</h1>");
            assertThat(get(http, base, "/").body()).isEqualTo("<h1>hi</h1>");
            assertThat(get(http, base, "/%2E%2E/secret").statusCode()).isEqualTo(400);
            assertThat(get(http, base, "/missing").statusCode()).isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
