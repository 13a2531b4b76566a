package dev.quantum.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WsFramesTest {

    /** Feeds {@code stream} to the parser {@code chunk} bytes per "read", the way a client's read loop does. */
    private static List<String> readInChunks(byte[] stream, int chunk) throws Exception {
        List<String> seen = new ArrayList<>();
        ByteBuffer in = ByteBuffer.allocate(1 << 18);
        for (int at = 0; at < stream.length; at += chunk) {
            in.put(stream, at, Math.min(chunk, stream.length - at));
            in.flip();
            WsFrames.parse(in, (opcode, buffer, from, length) -> {
                seen.add(opcode + ":" + new String(WsFrames.copy(buffer, from, length), StandardCharsets.UTF_8));
                return true;
            });
            in.compact();
        }
        assertThat(in.position()).as("bytes left unparsed").isZero();
        return seen;
    }

    private static byte[] sample() {
        return ServerFrames.concat(ServerFrames.text("{\"type\":\"Ack\"}"), ServerFrames.frame(WsFrames.PING, "p".getBytes()),
                ServerFrames.text("x".repeat(300)), ServerFrames.text("y".repeat(70_000)), ServerFrames.text(""));
    }

    private static final List<String> SAMPLE = List.of("1:{\"type\":\"Ack\"}", "9:p", "1:" + "x".repeat(300), "1:" + "y".repeat(70_000), "1:");

    @Test
    void several_frames_in_one_read_are_all_delivered_in_order() throws Exception {
        assertThat(readInChunks(sample(), Integer.MAX_VALUE / 2)).containsExactlyElementsOf(SAMPLE);
    }

    @Test
    void frames_split_across_reads_at_every_byte_are_delivered_once_whole() throws Exception {
        assertThat(readInChunks(sample(), 1)).containsExactlyElementsOf(SAMPLE);
        assertThat(readInChunks(sample(), 7)).containsExactlyElementsOf(SAMPLE);
        assertThat(readInChunks(sample(), 4096)).containsExactlyElementsOf(SAMPLE);
    }

    @Test
    void parsing_stops_after_the_frame_the_handler_refuses() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(ServerFrames.concat(ServerFrames.frame(WsFrames.CLOSE, new byte[] {3, (byte) 0xe8}),
                ServerFrames.text("after")));
        List<Integer> opcodes = new ArrayList<>();
        boolean more = WsFrames.parse(in, (opcode, buffer, from, length) -> opcodes.add(opcode) && opcode != WsFrames.CLOSE);
        assertThat(more).isFalse();
        assertThat(opcodes).containsExactly(WsFrames.CLOSE);
        assertThat(in.remaining()).isEqualTo(7);
    }

    @Test
    void a_masked_frame_carries_its_payload_under_a_mask_and_the_right_length_encoding() {
        byte[] small = "{\"type\":\"Ping\"}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = WsFrames.masked(WsFrames.TEXT, small);
        byte[] frame = new byte[out.remaining()];
        out.get(frame);
        assertThat(frame).hasSize(WsFrames.maskedSize(small.length));
        assertThat(frame[0] & 0xff).isEqualTo(0x81);
        assertThat(ServerFrames.unmask(frame)).isEqualTo(small);

        byte[] big = "z".repeat(1000).getBytes(StandardCharsets.UTF_8);
        ByteBuffer bigOut = WsFrames.masked(WsFrames.PONG, big);
        byte[] bigFrame = new byte[bigOut.remaining()];
        bigOut.get(bigFrame);
        assertThat(bigFrame[1] & 0x7f).isEqualTo(126);
        assertThat(ServerFrames.unmask(bigFrame)).isEqualTo(big);
        assertThatThrownBy(() -> WsFrames.masked(WsFrames.TEXT, new byte[70_000])).hasMessageContaining("only frames up to 65535");
    }

    private static void assertRefused(byte[] frame, String message) {
        assertThatThrownBy(() -> WsFrames.parse(ByteBuffer.wrap(frame), (opcode, buffer, from, length) -> true))
                .isInstanceOf(WsProtocolException.class).hasMessageContaining(message);
    }

    @Test
    void frames_a_server_must_not_send_or_this_client_does_not_support_are_refused_with_the_reason() {
        assertRefused(new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'a'}, "a masked server frame");
        assertRefused(new byte[] {(byte) 0xC1, 1, 'a'}, "reserved bits set");
        assertRefused(new byte[] {(byte) 0x01, 1, 'a'}, "fragmented server message (FIN not set)");
        assertRefused(new byte[] {(byte) 0x80, 1, 'a'}, "a server continuation frame");
        assertRefused(new byte[] {(byte) 0x83, 0}, "unknown opcode 3");
        assertRefused(new byte[] {(byte) 0x89, 126, 0, (byte) 200}, "control frame longer than 125 bytes");
        assertRefused(new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0x7f, 0, 0, 0}, "above this client's limit");
        assertRefused(new byte[] {(byte) 0x81, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}, "above this client's limit");
    }

    @Test
    void index_of_finds_a_marker_only_inside_the_given_range() {
        ByteBuffer b = ByteBuffer.wrap("abc\"seq\":12".getBytes(StandardCharsets.US_ASCII));
        byte[] seq = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
        assertThat(WsFrames.indexOf(b, 0, b.limit(), seq)).isEqualTo(3);
        assertThat(WsFrames.indexOf(b, 0, 8, seq)).isEqualTo(-1);
        assertThat(WsFrames.indexOf(b, 4, b.limit(), seq)).isEqualTo(-1);
    }
}
