package dev.quantum.server.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.util.Utf8StringBuilder;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * Reads one message from its frames: a text message is checked to be UTF-8 and at most
 * the frame limit in total (a longer one fails with 1009, bad UTF-8 with 1007); a binary
 * message is only counted and dropped. Not thread-safe: one per connection at a time,
 * and only while a fragmented message is being read.
 */
final class IncomingMessage {

    private final boolean text;
    private final int maxBytes;
    private Utf8StringBuilder utf8;
    private long bytes;

    private IncomingMessage(boolean text, int maxBytes) {
        this.text = text;
        this.maxBytes = maxBytes;
    }

    static IncomingMessage start(boolean text, int maxBytes) {
        return new IncomingMessage(text, maxBytes);
    }

    boolean isText() {
        return text;
    }

    /** Adds one frame; returns the whole text once its last frame is in, null before and for binary messages. */
    String append(Frame frame) {
        ByteBuffer payload = frame.getPayload();
        int length = payload == null ? 0 : payload.remaining();
        bytes += length;
        if (!text) {
            return null;
        }
        if (bytes > maxBytes) {
            throw new MessageTooLargeException("text message larger than " + maxBytes + " bytes");
        }
        if (utf8 == null && frame.isFin()) {
            return decode(payload);
        }
        if (utf8 == null) {
            utf8 = new Utf8StringBuilder();
        }
        if (length > 0) {
            utf8.append(payload);
        }
        return frame.isFin() ? utf8.takeCompleteString(() -> new BadPayloadException("text message is not valid UTF-8")) : null;
    }

    /** Decodes a whole message; pure ASCII (every protocol message of ours) takes the JDK's fast path. */
    static String decode(ByteBuffer payload) {
        if (payload == null || !payload.hasRemaining()) {
            return "";
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        for (byte b : bytes) {
            if (b < 0) {
                Utf8StringBuilder utf8 = new Utf8StringBuilder(bytes.length);
                utf8.append(bytes);
                return utf8.takeCompleteString(() -> new BadPayloadException("text message is not valid UTF-8"));
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
