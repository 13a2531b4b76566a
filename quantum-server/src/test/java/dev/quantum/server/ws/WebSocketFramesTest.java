package dev.quantum.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.protocol.Message;
import dev.quantum.testkit.WsTestClient;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the hub reads WebSocket frames: fragments, limits, bad UTF-8, binary and control frames. */
class WebSocketFramesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HubFixture hub = new HubFixture();

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void a_text_message_split_over_several_frames_is_read_whole() throws Exception {
        hub.start(HubSettings.defaults());
        WsTestClient c = hub.client();

        c.sendFragments("{\"type\":", "\"Pi", "", "ng\"}");

        assertThat(c.poll(WAIT)).isEqualTo(new Message.Pong());
    }

    @Test
    void a_fragmented_message_over_the_frame_limit_closes_the_connection_with_1009() throws Exception {
        hub.start(new HubSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5), 4096, 1024, List.of()));
        WsTestClient c = hub.client();

        c.sendFragments("{\"type\":\"Subscribe\",\"client_id\":\"" + "x".repeat(3000), "y".repeat(3000) + "\"}");

        assertThat(c.awaitClose(WAIT)).isEqualTo(1009);
    }

    @Test
    void text_that_is_not_utf8_closes_the_connection_with_1007() throws Exception {
        hub.start(HubSettings.defaults());
        try (Socket s = new Socket(hub.ws.getHost(), hub.ws.getPort())) {
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: " + hub.ws.getAuthority() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(s.getInputStream());
            skipHeaders(in);

            out.write(new byte[] {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, (byte) 0xC3, 0x28});
            out.flush();

            assertThat(in.readUnsignedByte()).as("a close frame").isEqualTo(0x88);
            int length = in.readUnsignedByte();
            assertThat(length).isGreaterThanOrEqualTo(2);
            assertThat(in.readUnsignedShort()).isEqualTo(1007);
        }
    }

    @Test
    void binary_messages_get_an_error_and_the_connection_stays_open() throws Exception {
        hub.start(HubSettings.defaults());
        WsTestClient c = hub.client();

        c.sendBinary(new byte[] {1, 2, 3});

        assertThat(c.poll(WAIT)).isEqualTo(new Message.Error("binary frames are not part of the protocol; send JSON text frames"));
        c.send(new Message.Ping());
        assertThat(c.poll(WAIT)).isEqualTo(new Message.Pong());
    }

    @Test
    void pipelined_pings_each_get_one_pong() throws Exception {
        hub.start(HubSettings.defaults());
        WsTestClient c = hub.client();

        for (int i = 0; i < 500; i++) {
            c.send(new Message.Ping());
        }

        for (int i = 0; i < 500; i++) {
            assertThat(c.poll(WAIT)).as("pong %d", i).isEqualTo(new Message.Pong());
        }
        assertThat(c.drain(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void a_websocket_ping_frame_is_answered_with_a_pong_frame_carrying_its_payload() throws Exception {
        hub.start(HubSettings.defaults());
        WsTestClient c = hub.client();

        c.pingFrame("are you there");

        assertThat(c.pollPongFrame(WAIT)).isEqualTo("are you there");
        c.send(new Message.Ping());
        assertThat(c.poll(WAIT)).isEqualTo(new Message.Pong());
    }

    private static void skipHeaders(InputStream in) throws Exception {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the server closed before the end of its handshake");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
