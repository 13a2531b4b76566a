package dev.quantum.bench.load;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of RFC 6455 framing, shared by {@link RawWebSocket} and the load
 * generator's {@link Subscriber}: masked frames out, unmasked server frames in, parsed
 * incrementally straight out of a read buffer (a frame split across reads waits for its
 * rest; several frames in one read are all delivered). No extensions, no fragmented
 * messages: a server frame that needs either is a {@link WsProtocolException}.
 */
final class WsFrames {

    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** Largest server frame accepted; the server's own limit for client frames is 64 KiB. */
    static final int MAX_PAYLOAD = 1 << 20;

    /** Receives each complete frame; its payload is {@code buffer[from, from + length)}, valid until the call returns. */
    @FunctionalInterface
    interface Handler {
        /** Returns false to stop parsing after this frame (e.g. after a close frame). */
        boolean frame(int opcode, ByteBuffer buffer, int from, int length) throws java.io.IOException;
    }

    private WsFrames() {
    }

    /**
     * Hands every complete frame between {@code in}'s position and limit to {@code handler}
     * and leaves the position at the start of the first incomplete frame (or at the limit).
     * Returns false when the handler asked to stop.
     */
    static boolean parse(ByteBuffer in, Handler handler) throws java.io.IOException {
        while (in.remaining() >= 2) {
            int start = in.position();
            int b0 = in.get(start) & 0xff;
            int b1 = in.get(start + 1) & 0xff;
            checkHeader(b0, b1);
            int header = 2;
            long length = b1 & 0x7f;
            if (length == 126) {
                header = 4;
                if (in.remaining() < header) {
                    return true;
                }
                length = in.getShort(start + 2) & 0xffff;
            } else if (length == 127) {
                header = 10;
                if (in.remaining() < header) {
                    return true;
                }
                length = in.getLong(start + 2);
                if (length < 0 || length > MAX_PAYLOAD) {
                    throw new WsProtocolException("a server frame of " + Long.toUnsignedString(length)
                            + " bytes, above this client's limit of " + MAX_PAYLOAD);
                }
            }
            if (in.remaining() < header + length) {
                return true;
            }
            in.position(start + header + (int) length);
            if (!handler.frame(b0 & 0x0f, in, start + header, (int) length)) {
                return false;
            }
        }
        return true;
    }

    private static void checkHeader(int b0, int b1) throws WsProtocolException {
        int opcode = b0 & 0x0f;
        if ((b0 & 0x70) != 0) {
            throw new WsProtocolException("a server frame with reserved bits set, but no extension was negotiated");
        }
        if ((b1 & 0x80) != 0) {
            throw new WsProtocolException("a masked server frame (RFC 6455 5.1: a server must not mask)");
        }
        boolean control = opcode >= CLOSE;
        if (opcode == 0) {
            throw new WsProtocolException("a server continuation frame: fragmented messages are not supported by this client");
        }
        if (opcode != TEXT && opcode != 0x2 && opcode != CLOSE && opcode != PING && opcode != PONG) {
            throw new WsProtocolException("a server frame with the unknown opcode " + opcode);
        }
        if ((b0 & 0x80) == 0) {
            throw new WsProtocolException("a fragmented server " + (control ? "control frame" : "message")
                    + " (FIN not set): not supported by this client");
        }
        if (control && (b1 & 0x7f) > 125) {
            throw new WsProtocolException("a server control frame longer than 125 bytes");
        }
    }

    /** Appends one masked frame (random mask) of {@code payload[from, from + length)} to {@code out}. */
    static void putMasked(ByteBuffer out, int opcode, byte[] payload, int from, int length) {
        if (length > 0xffff) {
            throw new IllegalArgumentException("only frames up to 65535 bytes: " + length);
        }
        out.put((byte) (0x80 | opcode));
        if (length <= 125) {
            out.put((byte) (0x80 | length));
        } else {
            out.put((byte) (0x80 | 126));
            out.putShort((short) length);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        out.putInt(mask);
        for (int i = 0; i < length; i++) {
            out.put((byte) (payload[from + i] ^ (mask >>> (24 - 8 * (i & 3)))));
        }
    }

    /** A new buffer (ready to write) holding one masked frame of {@code payload}. */
    static ByteBuffer masked(int opcode, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(maskedSize(payload.length));
        putMasked(out, opcode, payload, 0, payload.length);
        return out.flip();
    }

    /** Bytes a masked frame of {@code length} payload bytes takes. */
    static int maskedSize(int length) {
        return length + (length <= 125 ? 6 : 8);
    }

    /** A copy of {@code buffer[from, from + length)}. */
    static byte[] copy(ByteBuffer buffer, int from, int length) {
        byte[] data = new byte[length];
        buffer.get(from, data);
        return data;
    }

    /** The first index of {@code marker} in {@code buffer[from, to)}, or -1. */
    static int indexOf(ByteBuffer buffer, int from, int to, byte[] marker) {
        int last = to - marker.length;
        byte first = marker[0];
        outer:
        for (int i = from; i <= last; i++) {
            if (buffer.get(i) != first) {
                continue;
            }
            for (int j = 1; j < marker.length; j++) {
                if (buffer.get(i + j) != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
