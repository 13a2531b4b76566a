package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.server.sync.LoggedChange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 payloads of the text frames the hub sends, built once per message: a
 * broadcast is encoded once and its read-only buffer shared by every subscriber, and a
 * replayed change is assembled from the operation text stored in the log, byte for byte
 * what {@link JsonCodec#encode} would write. Stateless.
 */
final class Payloads {

    /** Answering a Ping must not build a JSON tree per message (one busy connection sends tens of thousands). */
    static final ByteBuffer PONG = text(JsonCodec.encode(new Message.Pong()));

    private static final String FILE_OPERATION_PREFIX = "{\"type\":\"FileOperation\",\"operation\":";

    private Payloads() {
    }

    /** A read-only buffer of {@code text} in UTF-8. */
    static ByteBuffer text(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    static ByteBuffer encode(Message message) {
        return text(JsonCodec.encode(message));
    }

    /**
     * The FileOperation message of a committed change, with the file's {@code content} when
     * not null, in a read-only direct buffer to share among many sockets.
     */
    static ByteBuffer fileOperation(Change change, byte[] content) {
        byte[] bytes = JsonCodec.encode(new Message.FileOperation(change.operation(), change.sourceClient(), change.seq(), content))
                .getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    /** The FileOperation message of a logged change, from its stored operation text without decoding it. */
    static ByteBuffer fileOperation(LoggedChange change) {
        String source = change.sourceClient();
        StringBuilder json = new StringBuilder(FILE_OPERATION_PREFIX.length() + change.operationJson().length() + 64)
                .append(FILE_OPERATION_PREFIX).append(change.operationJson()).append(",\"source_client\":");
        if (source == null) {
            json.append("null");
        } else if (plain(source)) {
            json.append('"').append(source).append('"');
        } else {
            json.append(JsonCodec.mapper().writeValueAsString(source));
        }
        json.append(",\"seq\":").append(change.seq()).append('}');
        return text(json.toString());
    }

    /** Whether {@code s} needs no JSON escaping: printable ASCII without quote or backslash. */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch > 0x7e || ch == '"' || ch == '\\') {
                return false;
            }
        }
        return true;
    }
}
