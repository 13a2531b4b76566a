package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quantum.testkit.TempFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input gets a clear JSON error and changes nothing. */
class BadInputTest extends ServerTest {

    @TempDir
    Path outside;

    @Override
    String fileSyncOptions() {
        return "\"max_file_size\": 1000";
    }

    /** Raw request targets after {@code /api/files/}, sent byte for byte. */
    @ParameterizedTest
    @ValueSource(strings = {"../x", "%2E%2E/x", "..%2Fx", "a/../../b", "a/%2e%2e/%2e%2e/b", "/etc/passwd", "%2Fetc%2Fpasswd",
        "a%5Cb", "a%00b", "a%01b", "a%7Fb", ".quantum/x", ".quantum%2Findex.db", "a//b", "./a", "%ZZ", "%C3%28"})
    void evil_paths_are_400_with_a_json_error_and_nothing_changes(String target) throws Exception {
        for (String method : new String[] {"PUT", "GET", "DELETE", "POST"}) {
            String prefix = method.equals("POST") ? "/api/mkdir/" : "/api/files/";
            RawResponse r = raw(method, prefix + target, "x");
            assertThat(r.status()).as(method + " " + target).isEqualTo(400);
            assertThat(r.body()).as(method + " " + target).startsWith("{\"error\":");
        }
        assertThat(server.store().head()).isZero();
        assertThat(tree()).containsExactly(".quantum");
        assertThat(outside.resolve("x")).doesNotExist();
    }

    @Test
    void a_symlink_that_escapes_the_root_is_400() throws Exception {
        Files.createSymbolicLink(root.resolve("link"), outside);
        HttpResponse<String> put = server.put("link/x", "escape");
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.body()).contains("symbolic link");
        assertThat(outside.resolve("x")).doesNotExist();
        Files.writeString(outside.resolve("secret"), "s");
        assertThat(server.get("/api/files/link/secret").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/list").body()).isEqualTo("[]");
    }

    @Test
    void an_upload_over_the_limit_is_413_whether_declared_or_streamed() throws Exception {
        HttpResponse<String> declared = server.put("big", "x".repeat(1001));
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("1000 bytes");
        HttpResponse<String> streamed = server.send(HttpRequest.newBuilder(server.uri("/api/files/big"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[5000]))));
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(root.resolve("big")).doesNotExist();
        assertThat(server.put("small", "x".repeat(1000)).statusCode()).isEqualTo(201);
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void an_upload_cut_off_half_way_leaves_no_trace() throws Exception {
        URI base = server.base();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/files/cut.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n" + "y".repeat(300))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> !tmpFiles().isEmpty());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> tmpFiles().isEmpty());
        assertThat(root.resolve("cut.txt")).doesNotExist();
        assertThat(server.store().head()).isZero();
        assertThat(server.get("/api/list").body()).isEqualTo("[]");
    }

    @Test
    void bad_move_bodies_are_400() throws Exception {
        server.put("a.txt", "a");
        assertError(server.post("/api/move", "not json"), 400, "malformed JSON");
        assertError(server.post("/api/move", "[]"), 400, "expected a JSON object");
        assertError(server.post("/api/move", "{\"from\":\"a.txt\"}"), 400, "to: required");
        assertError(server.post("/api/move", "{\"from\":\"a.txt\",\"to\":7}"), 400, "to: expected a string");
        assertError(server.post("/api/move", "{\"from\":\"a.txt\",\"to\":\"../b\"}"), 400, "'..' segments");
        assertError(server.post("/api/move", "{\"from\":\"a.txt\",\"to\":\"" + "z".repeat(70_000) + "\"}"), 413, "larger than");
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("a");
    }

    @Test
    void bad_since_and_limit_are_400() throws Exception {
        assertError(server.get("/api/changes?since=abc"), 400, "since must be an integer");
        assertError(server.get("/api/changes?since=-1"), 400, "since must be an integer");
        assertError(server.get("/api/changes?since=0&limit=0"), 400, "limit must be an integer");
    }

    @Test
    void wrong_methods_are_405_and_unknown_endpoints_404() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/api/list")).POST(HttpRequest.BodyPublishers.noBody()));
        assertError(r, 405, "not allowed");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET");
        assertError(server.get("/api/nope"), 404, "no such API endpoint");
        assertError(server.send(HttpRequest.newBuilder(server.uri("/api/files/x")).method("PATCH", HttpRequest.BodyPublishers.noBody())), 405, "not allowed");
    }

    @Test
    void an_unreasonable_client_id_is_400() throws Exception {
        assertError(server.put("a.txt", "a", "X-Client-Id", "x".repeat(300)), 400, "X-Client-Id");
        assertThat(root.resolve("a.txt")).doesNotExist();
    }

    private static void assertError(HttpResponse<String> r, int status, String fragment) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).startsWith("{\"error\":\"").contains(fragment);
    }

    private record RawResponse(int status, String body) {
    }

    /** Sends a request with the target exactly as given (HttpClient would normalise or refuse it). */
    private RawResponse raw(String method, String target, String body) throws Exception {
        URI base = server.base();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            return new RawResponse(status, response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }

    private java.util.List<String> tree() throws Exception {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private java.util.List<Path> tmpFiles() throws Exception {
        return TempFiles.in(root.resolve(".quantum/tmp"));
    }
}
