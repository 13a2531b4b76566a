package dev.quantum.bench.load;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds frames the way a server sends them (unmasked), and unmasks a client's. */
final class ServerFrames {

    private ServerFrames() {
    }

    static byte[] text(String text) {
        return frame(WsFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One final, unmasked frame with the shortest length encoding. */
    static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        if (payload.length <= 125) {
            out.write(payload.length);
        } else if (payload.length <= 0xffff) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        } else {
            out.write(127);
            out.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The payload of one masked client frame at the start of {@code frame}, checking its mask bit. */
    static byte[] unmask(byte[] frame) {
        if ((frame[1] & 0x80) == 0) {
            throw new AssertionError("a client frame without the mask bit");
        }
        int length = frame[1] & 0x7f;
        int at = 2;
        if (length == 126) {
            length = ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
            at = 4;
        }
        byte[] mask = {frame[at], frame[at + 1], frame[at + 2], frame[at + 3]};
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (frame[at + 4 + i] ^ mask[i & 3]);
        }
        return payload;
    }
}
