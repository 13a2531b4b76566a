package dev.quantum.client.remote;

import static dev.quantum.client.remote.ScriptedHttpServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.client.sync.RemoteException;
import dev.quantum.core.RelativePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTransfersTest {

    private static final RelativePath A = RelativePath.of("a.txt");
    private static TestCertificate certificate;

    private ScriptedHttpServer server;
    private Transfers transfers;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        certificate = TestCertificate.create(dir);
    }

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
    void an_https_server_with_a_trusted_certificate_serves_downloads_and_the_listing() throws Exception {
        server = new ScriptedHttpServer(certificate.server()).answer(status(200, "", "over tls"))
                .answer(status(200, "X-Quantum-Seq: 3\r\n", "[]"));
        transfers = Transfers.of(server.base(), Map.of(), certificate.trustedBy()).orElseThrow();

        try (InputStream body = transfers.download(A, "/api/files/a.txt")) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("over tls");
        }
        assertThat(transfers.list("/api/list", Duration.ofSeconds(5)).seq()).isEqualTo(3);
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void an_https_listing_whose_body_stalls_is_unavailable_instead_of_hanging() throws Exception {
        server = new ScriptedHttpServer(certificate.server())
                .answer("HTTP/1.1 200 X\r\nContent-Length: 1000\r\nX-Quantum-Seq: 1\r\n\r\n[{\"path\":\"a.t");
        transfers = Transfers.of(server.base(), Map.of(), certificate.trustedBy()).orElseThrow();

        assertThatThrownBy(() -> transfers.list("/api/list", Duration.ofMillis(300)))
                .isInstanceOf(RemoteException.Unavailable.class).hasMessageContaining("cannot reach the server");
    }

    @Test
    void an_https_server_whose_certificate_the_jdk_does_not_trust_is_refused_before_any_request() throws Exception {
        server = new ScriptedHttpServer(certificate.server()).answer(status(200, "", "must not be read"));
        transfers = Transfers.of(server.base(), Map.of()).orElseThrow();

        assertThatThrownBy(() -> transfers.download(A, "/api/files/a.txt"))
                .isInstanceOf(RemoteException.Unavailable.class).hasMessageContaining("certification path");
        assertThat(server.requests).isEmpty();
    }
}
