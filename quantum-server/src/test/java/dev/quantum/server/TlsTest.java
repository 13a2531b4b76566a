package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.server.config.ConfigLoader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tls} option of a server: HTTPS from the server's own certificate or from PEM files. */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void an_internal_certificate_is_made_once_kept_private_and_served_over_https() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path cert = root.resolve(".quantum/tls/internal-s.crt");
        Path key = root.resolve(".quantum/tls/internal-s.key");
        byte[] first;
        try (QuantumServer server = start(root, "{\"internal\": true}")) {
            URI base = server.uris().getFirst();
            assertThat(base.getScheme()).isEqualTo("https");
            assertThat(get(base.resolve("/api/list"), trusting(cert)).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(base.resolve("/api/list"), SSLContext.getDefault()))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            first = Files.readAllBytes(cert);
        }
        try (QuantumServer again = start(root, "{\"internal\": true}")) {
            assertThat(Files.readAllBytes(cert)).isEqualTo(first);
            assertThat(get(again.uris().getFirst().resolve("/api/list"), trusting(cert)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void pem_files_are_served_and_a_key_of_another_certificate_is_refused_at_start() throws Exception {
        Path made = Files.createDirectories(dir.resolve("made"));
        try (QuantumServer maker = start(made, "{\"internal\": true}")) {
            assertThat(maker.uris()).isNotEmpty();
        }
        Path cert = made.resolve(".quantum/tls/internal-s.crt");
        Path key = made.resolve(".quantum/tls/internal-s.key");
        Path root = Files.createDirectories(dir.resolve("root"));
        try (QuantumServer server = start(root, files(cert, key))) {
            assertThat(get(server.uris().getFirst().resolve("/api/list"), trusting(cert)).statusCode()).isEqualTo(200);
        }

        Path other = Files.createDirectories(dir.resolve("other"));
        try (QuantumServer maker = start(other, "{\"internal\": true}")) {
            assertThat(maker.uris()).isNotEmpty();
        }
        Path otherKey = other.resolve(".quantum/tls/internal-s.key");
        assertThatThrownBy(() -> start(root, files(cert, otherKey)))
                .hasMessageContaining("is not the key of the certificate in " + cert);
        assertThatThrownBy(() -> start(root, files(cert, dir.resolve("missing.pem"))))
                .hasMessageContaining("tls.key_file: cannot read " + dir.resolve("missing.pem") + " (no such file)");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate");
        assertThatThrownBy(() -> start(root, files(notPem, key)))
                .hasMessageContaining("tls.certificate_file " + notPem + " holds no PEM certificate");
        assertThatThrownBy(() -> start(root, files(cert, notPem)))
                .hasMessageContaining("tls.key_file " + notPem + " holds no PEM key");
    }

    private static String files(Path cert, Path key) {
        return "{\"certificate_file\": \"%s\", \"key_file\": \"%s\"}".formatted(cert, key);
    }

    private static QuantumServer start(Path root, String tls) throws Exception {
        return QuantumServer.start(ConfigLoader.parse("""
                {"apps":{"http":{"servers":{"s":{"listen":["127.0.0.1:0"],"tls":%s,
                 "routes":[{"handle":[{"handler":"file_sync","root":"%s"}]}]}}}}}
                """.formatted(tls, root)), Clock.systemUTC());
    }

    private static HttpResponse<String> get(URI uri, SSLContext tls) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
