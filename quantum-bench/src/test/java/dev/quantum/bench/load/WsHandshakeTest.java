package dev.quantum.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsHandshakeTest {

    /** The example of RFC 6455 section 1.3. */
    private static final WsHandshake RFC = new WsHandshake("dGhlIHNhbXBsZSBub25jZQ==");

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String response(String accept) {
        return "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + accept + "\r\n\r\n";
    }

    @Test
    void the_accept_key_is_the_one_of_the_rfc_example() {
        assertThat(WsHandshake.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void the_request_is_a_get_upgrade_with_the_key_and_version_13() {
        String request = new String(RFC.request(URI.create("ws://127.0.0.1:8080/ws")), StandardCharsets.US_ASCII);
        assertThat(request).startsWith("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n").endsWith("\r\n\r\n")
                .contains("Upgrade: websocket\r\n", "Connection: Upgrade\r\n", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
                        "Sec-WebSocket-Version: 13\r\n");
        assertThat(WsHandshake.random().key()).isNotEqualTo(WsHandshake.random().key());
    }

    @Test
    void a_right_101_gives_where_the_frames_start_and_an_incomplete_head_asks_for_more() throws Exception {
        String head = response("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(RFC.check(bytes(head + "\u0081\u0002hi"))).isEqualTo(head.length());
        for (int cut = 0; cut < head.length(); cut++) {
            assertThat(RFC.check(bytes(head.substring(0, cut)))).as("head cut at %d", cut).isEqualTo(-1);
        }
    }

    @Test
    void a_refused_or_wrongly_answered_upgrade_is_an_error_that_says_what_was_wrong() {
        assertThatThrownBy(() -> RFC.check(bytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")))
                .isInstanceOf(WsProtocolException.class).hasMessageContaining("refused the WebSocket upgrade: HTTP/1.1 403 Forbidden");
        assertThatThrownBy(() -> RFC.check(bytes(response("AAAAAAAAAAAAAAAAAAAAAAAAAAA="))))
                .hasMessageContaining("a wrong Sec-WebSocket-Accept: expected s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, got AAAA");
        assertThatThrownBy(() -> RFC.check(bytes("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")))
                .hasMessageContaining("without 'Upgrade: websocket'");
        assertThatThrownBy(() -> RFC.check(bytes("HTTP/1.1 101 Switching Protocols\r\n" + "X: y\r\n".repeat(2000))))
                .hasMessageContaining("no end of the upgrade response within 8192 bytes");
    }

    @Test
    void a_key_that_is_not_16_bytes_of_base64_is_refused() {
        assertThatThrownBy(() -> new WsHandshake("c2hvcnQ=")).hasMessageContaining("the base64 of 16 bytes");
        assertThatThrownBy(() -> new WsHandshake(null)).hasMessageContaining("the base64 of 16 bytes");
    }
}
