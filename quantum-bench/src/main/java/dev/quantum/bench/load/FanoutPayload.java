package dev.quantum.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Exact checks on the bytes of a server text frame, cheap enough for ten thousand frames
 * per upload (no JSON parse): is it the subscribe {@code Ack}, an {@code Error}, or the
 * {@code FileOperation} of fan-out upload k ({@link #path}), and with which {@code seq}.
 * Relies on the server's compact JSON ({@code "name":value}, no spaces), which
 * {@code JsonCodec} writes.
 */
public final class FanoutPayload {

    /** Not a FileOperation. */
    static final int NOT_FILE_OPERATION = -1;
    /** A FileOperation, but not of a fan-out upload path (or of one with a malformed number). */
    static final int OTHER_PATH = -2;

    private static final String PREFIX = "fanout/bench-u-";
    private static final String SUFFIX = ".txt";
    private static final byte[] FILE_OPERATION = ascii("\"type\":\"FileOperation\"");
    private static final byte[] PATH = ascii("\"path\":\"" + PREFIX);
    private static final byte[] PATH_END = ascii(SUFFIX + "\"");
    private static final byte[] SEQ = ascii("\"seq\":");
    private static final byte[] ACK = ascii("\"type\":\"Ack\"");
    private static final byte[] SUBSCRIBE = ascii("\"operation_id\":\"subscribe\"");
    private static final byte[] ERROR = ascii("\"type\":\"Error\"");

    private FanoutPayload() {
    }

    /** The path the connections benchmark uploads as its {@code k}-th fan-out file. */
    public static String path(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("upload numbers start at 0: " + k);
        }
        return PREFIX + k + SUFFIX;
    }

    /**
     * {@code k} when {@code b[from, to)} is the FileOperation of {@link #path}(k);
     * {@link #NOT_FILE_OPERATION} or {@link #OTHER_PATH} otherwise.
     */
    static int upload(ByteBuffer b, int from, int to) {
        if (WsFrames.indexOf(b, from, to, FILE_OPERATION) < 0) {
            return NOT_FILE_OPERATION;
        }
        int at = WsFrames.indexOf(b, from, to, PATH);
        if (at < 0) {
            return OTHER_PATH;
        }
        int i = at + PATH.length;
        long k = 0;
        int digits = 0;
        for (; i < to && digits <= 9 && b.get(i) >= '0' && b.get(i) <= '9'; i++, digits++) {
            k = k * 10 + (b.get(i) - '0');
        }
        boolean exact = digits > 0 && digits <= 9 && (digits == 1 || b.get(at + PATH.length) != '0')
                && i + PATH_END.length <= to && WsFrames.indexOf(b, i, i + PATH_END.length, PATH_END) == i;
        return exact ? (int) k : OTHER_PATH;
    }

    /** The {@code seq} of a message, or -1 when it has none. */
    static long seq(ByteBuffer b, int from, int to) {
        int at = WsFrames.indexOf(b, from, to, SEQ);
        if (at < 0) {
            return -1;
        }
        long seq = 0;
        int i = at + SEQ.length;
        int start = i;
        for (; i < to && i - start < 18 && b.get(i) >= '0' && b.get(i) <= '9'; i++) {
            seq = seq * 10 + (b.get(i) - '0');
        }
        return i == start ? -1 : seq;
    }

    /** True for the server's {@code Ack} of a Subscribe. */
    static boolean isSubscribeAck(ByteBuffer b, int from, int to) {
        return WsFrames.indexOf(b, from, to, ACK) >= 0 && WsFrames.indexOf(b, from, to, SUBSCRIBE) >= 0;
    }

    static boolean isError(ByteBuffer b, int from, int to) {
        return WsFrames.indexOf(b, from, to, ERROR) >= 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
