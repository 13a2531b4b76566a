package dev.quantum.client.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyManagementException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

class LazyTlsTest {

    @Test
    void the_lazy_context_makes_engines_like_the_default_one() throws Exception {
        SSLEngine lazy = LazyTls.context().createSSLEngine("example.org", 443);
        SSLEngine plain = SSLContext.getDefault().createSSLEngine("example.org", 443);

        assertThat(lazy.getEnabledProtocols()).containsExactly(plain.getEnabledProtocols());
        assertThat(lazy.getEnabledCipherSuites()).containsExactly(plain.getEnabledCipherSuites());
        assertThat(lazy.getPeerHost()).isEqualTo("example.org");
        assertThat(LazyTls.context().getDefaultSSLParameters().getProtocols())
                .containsExactly(SSLContext.getDefault().getDefaultSSLParameters().getProtocols());
        assertThat(LazyTls.parameters().getProtocols()).isNull();
    }

    @Test
    void the_lazy_context_cannot_be_initialised_again() {
        assertThatThrownBy(() -> LazyTls.context().init(null, null, null)).isInstanceOf(KeyManagementException.class);
    }

    @Test
    void the_api_client_opens_tls_to_an_https_server() throws Exception {
        HttpClient http = HttpRemoteServer.newClient();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.getLocalPort() + "/api/list")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding());
            try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                assertThat(in.read()).as("a TLS handshake record").isEqualTo(0x16);
            }
            server.close(); // a retry is refused at once instead of waiting out its connect timeout
            assertThatThrownBy(answer::join).hasCauseInstanceOf(java.io.IOException.class);
        }
    }
}
