package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.testkit.WsTestClient;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code auth} option: every API request and WebSocket needs a token whose role allows it. */
class AuthApiTest extends ServerTest {

    static final String READER = "reader-token-0123456789";
    static final String WRITER = "writer-token-0123456789";
    static final String ADMIN = "admin-token-0123456789";
    static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    String fileSyncOptions() {
        return """
                "auth": {"tokens": [{"token": "%s", "role": "read-only"}, {"token": "%s", "role": "read-write"},
                                    {"token": "%s", "role": "admin"}],
                         "jwt": {"secret": "%s", "issuer": "https://id.example.com", "audience": "quantum"}}
                """.formatted(READER, WRITER, ADMIN, SECRET);
    }

    @Test
    void without_a_token_every_api_request_is_401_with_a_bearer_challenge_and_changes_nothing() throws Exception {
        long head = server.store().head();

        for (HttpResponse<String> r : java.util.List.of(send("GET", "/api/list", null, Optional.empty()),
                send("PUT", "/api/files/a.txt", "x", Optional.empty()),
                send("GET", "/api/changes?since=0", null, Optional.empty()))) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"quantum\"");
            assertThat(r.body()).contains("a token is required");
        }
        assertThat(root.resolve("a.txt")).doesNotExist();
        assertThat(server.store().head()).isEqualTo(head);
    }

    @Test
    void an_authorization_header_that_is_not_bearer_is_401_invalid_token() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri("/api/list"))
                .header("Authorization", "Basic dXNlcjpwYXNz").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JsonCodec.parse(r.body()).get("error").asString())
                .isEqualTo("invalid token: the Authorization header must be \"Bearer <token>\"");
    }

    @Test
    void a_wrong_token_is_401_invalid_token() throws Exception {
        HttpResponse<String> r = send("GET", "/api/list", null, Optional.of("not-a-known-token-at-all"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"quantum\", error=\"invalid_token\"");
        assertThat(r.body()).contains("invalid token: unknown token");
    }

    @Test
    void read_only_reads_but_every_write_is_403_and_changes_nothing() throws Exception {
        send("PUT", "/api/files/existing.txt", "here", Optional.of(WRITER));
        long head = server.store().head();

        assertThat(send("GET", "/api/list", null, Optional.of(READER)).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/files/existing.txt", null, Optional.of(READER)).body()).isEqualTo("here");
        HttpResponse<String> put = send("PUT", "/api/files/new.txt", "x", Optional.of(READER));
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(put.body()).contains("this token is read-only: PUT /api/files/new.txt needs read-write");
        assertThat(send("DELETE", "/api/files/existing.txt", null, Optional.of(READER)).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/mkdir/d", "", Optional.of(READER)).statusCode()).isEqualTo(403);

        assertThat(root.resolve("new.txt")).doesNotExist();
        assertThat(root.resolve("existing.txt")).exists();
        assertThat(server.store().head()).isEqualTo(head);
    }

    @Test
    void read_write_writes_and_only_admin_restores_a_version() throws Exception {
        assertThat(send("PUT", "/api/files/a.txt", "one", Optional.of(WRITER)).statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/api/files/a.txt", "two", Optional.of(WRITER)).statusCode()).isEqualTo(200);
        String versions = send("GET", "/api/versions/a.txt", null, Optional.of(READER)).body();
        String id = versions.replaceAll("(?s).*\"id\"\\s*:\\s*\"?([^\",}]+)\"?.*", "$1");
        String restore = "{\"path\":\"a.txt\",\"id\":\"" + id + "\"}";

        HttpResponse<String> refused = send("POST", "/api/versions/restore", restore, Optional.of(WRITER));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("needs admin");
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("two");

        assertThat(send("POST", "/api/versions/restore", restore, Optional.of(ADMIN)).statusCode()).isEqualTo(200);
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("one");
    }

    @Test
    void a_refused_request_whose_body_arrives_after_its_headers_leaves_the_connection_usable() throws Exception {
        String body = "{\"path\":\"a.txt\",\"id\":\"1\"}";
        try (Socket socket = new Socket(server.uri("/").getHost(), server.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write(("POST /api/versions/restore HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + WRITER
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // the handler refuses before the body is on its way
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 403").contains("needs admin");

            out.write(("GET /api/session HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + READER + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).as("the next request on the same connection").startsWith("HTTP/1.1 200")
                    .contains("read-only");
        }
    }

    /** One HTTP/1.1 response with a Content-Length body, as text. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        int length = Integer.parseInt(head.toString().replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1"));
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void the_session_endpoint_says_what_the_token_may_do() throws Exception {
        assertThat(JsonCodec.parse(send("GET", "/api/session", null, Optional.of(READER)).body()).toString())
                .isEqualTo("{\"auth\":true,\"role\":\"read-only\",\"upload\":true}");
        assertThat(JsonCodec.parse(send("GET", "/api/session", null, Optional.of(ADMIN)).body()).get("role").asString())
                .isEqualTo("admin");
        assertThat(send("GET", "/api/session", null, Optional.empty()).statusCode()).isEqualTo(401);
    }

    @Test
    void the_token_may_come_as_the_access_token_query_parameter() throws Exception {
        send("PUT", "/api/files/a.txt", "content", Optional.of(WRITER));

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri("/api/files/a.txt?access_token=" + READER))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("content");
    }

    @Test
    void a_jwt_grants_the_role_it_names_when_signed_in_time_for_this_issuer_and_audience() throws Exception {
        Instant now = Instant.now();
        assertThat(send("PUT", "/api/files/j.txt", "x", Optional.of(jwt("read-write", now.plusSeconds(300), SECRET,
                "https://id.example.com", "quantum"))).statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/api/files/j.txt", "y", Optional.of(jwt("read-only", now.plusSeconds(300), SECRET,
                "https://id.example.com", "quantum"))).statusCode()).isEqualTo(403);

        assertInvalid(jwt("read-write", now.minusSeconds(300), SECRET, "https://id.example.com", "quantum"), "JWT expired");
        assertInvalid(jwt("read-write", now.plusSeconds(300), "another-secret-of-at-least-thirty-two-bytes",
                "https://id.example.com", "quantum"), "JWT signature does not match");
        assertInvalid(jwt("read-write", now.plusSeconds(300), SECRET, "https://evil.example.com", "quantum"),
                "JWT is not from issuer https://id.example.com");
        assertInvalid(jwt("read-write", now.plusSeconds(300), SECRET, "https://id.example.com", "other"),
                "JWT is not for audience quantum");
        assertInvalid(jwt("superuser", now.plusSeconds(300), SECRET, "https://id.example.com", "quantum"),
                "JWT claim \"role\" must be");
        assertThat(Files.readString(root.resolve("j.txt"))).isEqualTo("x");
    }

    @Test
    void the_web_socket_needs_a_token_and_a_read_only_one_may_subscribe_but_not_send_changes() throws Exception {
        assertThatThrownBy(() -> WsTestClient.connect(server.ws())).hasStackTraceContaining("401");

        try (WsTestClient reader = WsTestClient.connect(URI.create(server.ws() + "?access_token=" + READER));
             WsTestClient writer = WsTestClient.connect(URI.create(server.ws() + "?access_token=" + WRITER))) {
            reader.subscribe(new Message.Subscribe("reader"));
            writer.subscribe(new Message.Subscribe("writer"));

            send("PUT", "/api/files/pushed.txt", "x", Optional.of(WRITER));
            assertThat(reader.fileOperations(1, WAIT)).hasSize(1);

            reader.send("{\"type\":\"FileOperation\",\"operation\":{\"Delete\":{\"path\":\"pushed.txt\"}},\"source_client\":\"reader\"}");
            Message answer = reader.next(m -> m instanceof Message.Error, WAIT);
            assertThat(((Message.Error) answer).message()).contains("read-only");
            assertThat(root.resolve("pushed.txt")).exists();
        }
    }

    private void assertInvalid(String token, String reason) throws Exception {
        HttpResponse<String> r = send("GET", "/api/list", null, Optional.of(token));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JsonCodec.parse(r.body()).get("error").asString()).startsWith("invalid token: " + reason);
    }

    private HttpResponse<String> send(String method, String path, String body, Optional<String> token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jwt(String role, Instant expires, String secret, String issuer, String audience) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("someone").issuer(issuer).audience(audience)
                .expirationTime(Date.from(expires)).claim("role", role).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
