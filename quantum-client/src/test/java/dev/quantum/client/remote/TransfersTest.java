package dev.quantum.client.remote;

import static dev.quantum.client.remote.ScriptedHttpServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quantum.client.sync.Committed;
import dev.quantum.client.sync.RemoteException;
import dev.quantum.client.sync.RemoteServer;
import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransfersTest {

    private static final String HASH = "ab".repeat(32);
    private static final String STORED = "{\"path\":\"a.txt\",\"size\":300000,\"modified\":\"2024-01-01T00:00:00Z\",\"hash\":\"" + HASH
            + "\",\"is_directory\":false}";
    private static final RelativePath A = RelativePath.of("a.txt");

    @TempDir
    Path dir;
    private ScriptedHttpServer server;
    private static TestCertificate certificate;
    private Transfers transfers;

    @AfterEach
    void close() throws IOException {
        if (transfers != null) {
            transfers.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void downloads_share_one_kept_alive_connection_and_carry_the_common_headers() throws Exception {
        server().answer(status(200, "", "hello")).answer(status(200, "", "hi"));

        assertThat(read(transfers.download(A, "/api/files/a.txt"))).isEqualTo("hello");
        assertThat(read(transfers.download(A, "/api/files/b%20c.txt"))).isEqualTo("hi");

        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests.getFirst()).startsWith("GET /base/api/files/a.txt HTTP/1.1\r\n")
                .contains("User-Agent: test/1\r\n", "Authorization: Bearer t\r\n");
        assertThat(server.requests.get(1)).startsWith("GET /base/api/files/b%20c.txt HTTP/1.1\r\n");
    }

    @Test
    void an_upload_sends_the_whole_file_with_its_length_and_says_what_it_committed() throws Exception {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path file = Files.write(dir.resolve("up.bin"), content);
        server().answer(status(201, "X-Quantum-First-Seq: 7\r\nX-Quantum-Seq: 9\r\n", STORED));

        RemoteServer.Uploaded uploaded = transfers.upload(A, "/api/files/a.txt", file, Map.of("If-None-Match", "*"));

        assertThat(uploaded.committed()).isEqualTo(new Committed(7, 9));
        assertThat(uploaded.metadata().hash()).isEqualTo(HASH);
        assertThat(uploaded.sent()).isEqualTo(Sha256.hex(content));
        assertThat(server.requests.getFirst()).startsWith("PUT /base/api/files/a.txt HTTP/1.1\r\n")
                .contains("Content-Length: 300000\r\n", "If-None-Match: *\r\n", "User-Agent: test/1\r\n");
        assertThat(server.bodies.getFirst()).isEqualTo(content);
    }

    @Test
    void without_seq_headers_a_write_committed_nothing_known() throws Exception {
        server().answer(status(200, "X-Quantum-Seq: x\r\n", STORED));

        assertThat(transfers.upload(A, "/a", Files.writeString(dir.resolve("f"), "f"), Map.of()).committed())
                .isEqualTo(Committed.UNKNOWN);
    }

    @Test
    void a_file_gone_on_the_server_or_changed_there_is_stale() throws Exception {
        server().answer(status(404, "", "{\"error\":\"no such file\"}")).answer(status(412, "", "{\"error\":\"changed\"}"));

        assertThatThrownBy(() -> transfers.download(A, "/a")).isInstanceOf(RemoteException.Stale.class)
                .hasMessageContaining("no longer on the server");
        assertThatThrownBy(() -> transfers.upload(A, "/a", Files.writeString(dir.resolve("f"), "f"), Map.of()))
                .isInstanceOf(RemoteException.Stale.class).hasMessageContaining("changed on the server");
        assertThat(server.connections.get()).as("error bodies are read so the connection stays usable").isEqualTo(1);
    }

    @Test
    void gateway_errors_are_unavailable_and_other_refusals_rejected_with_the_servers_reason() throws Exception {
        server().answer(status(502, "", "")).answer(status(503, "", "")).answer(status(504, "", ""))
                .answer(status(403, "", "{\"error\":\"not allowed here\"}"))
                .answer(status(500, "", "plain words"));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> transfers.download(A, "/a")).isInstanceOf(RemoteException.Unavailable.class)
                    .hasMessageContaining("the server answered 50");
        }
        assertThatThrownBy(() -> transfers.download(A, "/a")).isInstanceOf(RemoteException.Rejected.class)
                .hasMessageContaining("GET a.txt failed: 403 not allowed here");
        assertThatThrownBy(() -> transfers.upload(A, "/a", Files.writeString(dir.resolve("f"), "f"), Map.of()))
                .isInstanceOf(RemoteException.Rejected.class).hasMessageContaining("PUT a.txt failed: 500 plain words");
    }

    @Test
    void a_redirect_is_not_followed_but_handed_back() throws Exception {
        server().answer(status(307, "Location: http://127.0.0.1:9/elsewhere\r\n", ""))
                .answer(status(301, "Location: /x\r\n", ""));

        assertThatThrownBy(() -> transfers.download(A, "/a")).isInstanceOf(Transfers.Redirected.class);
        assertThatThrownBy(() -> transfers.upload(A, "/a", Files.writeString(dir.resolve("f"), "f"), Map.of()))
                .isInstanceOf(Transfers.Redirected.class);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void a_file_that_vanished_or_changed_size_while_sent_is_stale() throws Exception {
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        server().onHeadThenAnswerAndClose(head -> truncate(big, 1 << 20), null);

        assertThatThrownBy(() -> transfers.upload(A, "/a", dir.resolve("missing"), Map.of()))
                .isInstanceOf(RemoteException.Stale.class).hasMessageContaining("vanished locally");
        assertThatThrownBy(() -> transfers.upload(A, "/a", big, Map.of()))
                .isInstanceOf(RemoteException.Stale.class).hasMessageContaining("changed locally while it was being uploaded");
        assertThat(server.requests).as("not sent again").hasSize(1);
    }

    @Test
    void a_path_that_became_a_symbolic_link_is_not_followed_and_nothing_is_sent() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "not to be uploaded");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), secret);
        server();

        assertThatThrownBy(() -> transfers.upload(A, "/a", link, Map.of()))
                .isInstanceOf(RemoteException.Stale.class).hasMessageContaining("could not be read for its upload");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void a_body_cut_short_is_an_error_not_a_short_file() throws Exception {
        server().answerAndClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");

        InputStream body = transfers.download(A, "/a");

        assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("Premature end");
    }

    @Test
    void a_request_on_a_connection_the_server_closed_meanwhile_is_sent_again_on_a_new_one() throws Exception {
        server().answerAndClose(status(200, "", "1"));
        assertThat(read(transfers.download(A, "/a"))).isEqualTo("1");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.closed.get() == 1);

        server.answer(status(200, "", "2"));

        assertThat(read(transfers.download(A, "/b"))).isEqualTo("2");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void a_request_unanswered_on_a_new_connection_is_not_sent_again() throws Exception {
        server().answerAndClose(null);

        assertThatThrownBy(() -> transfers.download(A, "/a")).isInstanceOf(RemoteException.Unavailable.class)
                .hasMessageContaining("cannot reach the server at " + server.base());
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void a_download_closed_before_its_end_closes_its_connection_instead_of_reading_the_rest() throws Exception {
        server().answer(status(200, "", "x".repeat(1 << 20))).answer(status(200, "", "next"));

        try (InputStream body = transfers.download(A, "/a")) {
            assertThat(body.read()).isEqualTo('x');
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.closed.get() == 1);

        assertThat(read(transfers.download(A, "/b"))).isEqualTo("next");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void closing_the_transfers_closes_their_connections() throws Exception {
        server().answer(status(200, "", "1"));
        read(transfers.download(A, "/a"));

        transfers.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> server.closed.get() == 1);
    }

    @Test
    void no_server_is_unavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        transfers = Transfers.of(URI.create("http://127.0.0.1:" + port), Map.of()).orElseThrow();

        assertThatThrownBy(() -> transfers.download(A, "/a")).isInstanceOf(RemoteException.Unavailable.class)
                .hasMessageContaining("cannot reach the server at http://127.0.0.1:" + port);
    }

    @Test
    void a_listing_is_decoded_with_the_log_position_it_was_taken_at() throws Exception {
        String entry = "{\"path\":\"a.txt\",\"size\":5,\"modified\":\"2024-01-01T00:00:00Z\",\"hash\":\"" + HASH
                + "\",\"is_directory\":false}";
        server().answer(status(200, "X-Quantum-Seq: 42\r\n", "[" + entry + "]"));

        RemoteServer.Listing listing = transfers.list("/api/list", Duration.ofSeconds(5));

        assertThat(listing.seq()).isEqualTo(42);
        assertThat(listing.entries()).extracting(e -> e.path()).containsExactly(A);
        assertThat(server.requests.getFirst()).startsWith("GET /base/api/list HTTP/1.1\r\n");
    }

    @Test
    void a_listing_whose_body_stalls_halfway_is_unavailable_instead_of_hanging() throws Exception {
        server().answer("HTTP/1.1 200 X\r\nContent-Length: 1000\r\nX-Quantum-Seq: 1\r\n\r\n[{\"path\":\"a.t");

        assertThatThrownBy(() -> transfers.list("/api/list", Duration.ofMillis(300)))
                .isInstanceOf(RemoteException.Unavailable.class).hasMessageContaining("cannot reach the server");
    }

    @Test
    void a_listing_refused_or_garbled_says_why() throws Exception {
        server().answer(status(503, "", "busy")).answer(status(500, "", "{\"error\":\"disk on fire\"}"))
                .answer(status(200, "", "{\"not\":\"a list\"}"));

        assertThatThrownBy(() -> transfers.list("/api/list", Duration.ofSeconds(5))).isInstanceOf(RemoteException.Unavailable.class);
        assertThatThrownBy(() -> transfers.list("/api/list", Duration.ofSeconds(5)))
                .isInstanceOf(RemoteException.Rejected.class).hasMessageContaining("disk on fire");
        assertThatThrownBy(() -> transfers.list("/api/list", Duration.ofSeconds(5)))
                .isInstanceOf(RemoteException.Rejected.class).hasMessageContaining("unexpected answer");
    }

    @Test
    void only_http_and_https_go_this_way() {
        assertThat(Transfers.of(URI.create("https://127.0.0.1:8443"), Map.of())).isPresent();
        assertThat(Transfers.of(URI.create("ftp://127.0.0.1:21"), Map.of())).isEmpty();
    }

    @Test
    void an_https_server_with_a_trusted_certificate_serves_downloads_and_the_listing() throws Exception {
        server = new ScriptedHttpServer(certificate().server()).answer(status(200, "", "over tls"))
                .answer(status(200, "X-Quantum-Seq: 3\r\n", "[]"));
        transfers = Transfers.of(server.base(), Map.of(), certificate().trustedBy()).orElseThrow();

        try (InputStream body = transfers.download(A, "/api/files/a.txt")) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("over tls");
        }
        assertThat(transfers.list("/api/list", Duration.ofSeconds(5)).seq()).isEqualTo(3);
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void an_https_listing_whose_body_stalls_is_unavailable_instead_of_hanging() throws Exception {
        server = new ScriptedHttpServer(certificate().server())
                .answer("HTTP/1.1 200 X\r\nContent-Length: 1000\r\nX-Quantum-Seq: 1\r\n\r\n[{\"path\":\"a.t");
        transfers = Transfers.of(server.base(), Map.of(), certificate().trustedBy()).orElseThrow();

        assertThatThrownBy(() -> transfers.list("/api/list", Duration.ofMillis(300)))
                .isInstanceOf(RemoteException.Unavailable.class).hasMessageContaining("cannot reach the server");
    }

    @Test
    void an_https_server_whose_certificate_the_jdk_does_not_trust_is_refused_before_any_request() throws Exception {
        server = new ScriptedHttpServer(certificate().server()).answer(status(200, "", "must not be read"));
        transfers = Transfers.of(server.base(), Map.of()).orElseThrow();

        assertThatThrownBy(() -> transfers.download(A, "/api/files/a.txt"))
                .isInstanceOf(RemoteException.Unavailable.class).hasMessageContaining("certification path");
        assertThat(server.requests).isEmpty();
    }

    /** One self-signed certificate for the TLS tests, made on first use (keytool takes a second). */
    private TestCertificate certificate() throws Exception {
        if (certificate == null) {
            certificate = TestCertificate.create(Files.createTempDirectory(dir, "tls"));
        }
        return certificate;
    }

    private ScriptedHttpServer server() throws IOException {
        server = new ScriptedHttpServer();
        transfers = Transfers.of(server.base(), Map.of("User-Agent", "test/1", "Authorization", "Bearer t")).orElseThrow();
        return server;
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes());
        }
    }

    private static void truncate(Path file, long size) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
