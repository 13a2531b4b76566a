package dev.quantum.server.api;

import dev.quantum.core.InvalidPathException;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request being answered, with the small helpers every endpoint needs. Not thread-safe. */
record Exchange(Request request, Response response, Callback callback) {

    static final String CLIENT_ID = "X-Client-Id";
    static final String SEQ = "X-Quantum-Seq";
    static final String FIRST_SEQ = "X-Quantum-First-Seq";
    private static final int MAX_JSON_BODY = 64 * 1024;

    static Exchange of(Request request, Response response, Callback callback) {
        return new Exchange(request, response, callback);
    }

    String method() {
        return request.getMethod();
    }

    String header(HttpHeader name) {
        return request.getHeaders().get(name);
    }

    String query(String name) {
        Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        return fields.getValue(name);
    }

    /** {@code X-Client-Id}, or null; 400 when it is unreasonable. */
    String clientId() {
        String id = request.getHeaders().get(CLIENT_ID);
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (id.length() > 256 || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ApiException(400, CLIENT_ID + " must be at most 256 printable characters");
        }
        return id;
    }

    /**
     * Tells a writer where its write landed in the change log: {@code X-Quantum-Seq} is the
     * seq of the last change it committed, or {@code head} when it committed none;
     * {@code X-Quantum-First-Seq} (only when it committed some) is the first, lower when
     * folders were created on the way. The changes of one write have consecutive seqs.
     */
    void committed(List<Change> changes, LongSupplier head) {
        var headers = response.getHeaders();
        if (changes.isEmpty()) {
            headers.put(SEQ, head.getAsLong());
            return;
        }
        headers.put(SEQ, changes.getLast().seq());
        headers.put(FIRST_SEQ, changes.getFirst().seq());
    }

    /** Reads a small JSON body (at most 64 KiB). */
    String jsonBody() throws IOException {
        return jsonBody(MAX_JSON_BODY);
    }

    /** Reads a JSON body of at most {@code max} bytes. */
    String jsonBody(int max) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new ApiException(413, "request body is larger than " + max + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    void json(int status, String json) {
        Runnable send = () -> {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
        };
        if (status >= 400 && smallBody()) {
            // A refusal often comes before the body is read (a token without the role, a
            // precondition). Jetty then closes the connection after the answer unless the whole
            // body has already arrived, and a client that sends its next request on that
            // connection gets no answer at all. A small body is read and dropped first, without
            // holding a thread, so the connection stays usable; a big one is not waited for.
            Content.Source.consumeAll(request, Callback.from(send, failure -> send.run()));
        } else {
            send.run();
        }
    }

    /** Whether the request announced a body of at most 64 KiB (a chunked or bigger one is not read to refuse it). */
    private boolean smallBody() {
        long length = request.getLength();
        return length > 0 && length <= MAX_JSON_BODY;
    }

    void error(int status, String message) {
        var node = JsonCodec.mapper().createObjectNode().put("error", message);
        json(status, JsonCodec.toJson(node));
    }

    void empty(int status) {
        response.setStatus(status);
        response.write(true, null, callback);
    }

    /** Percent-decodes {@code encoded} (strict UTF-8, '+' is a plus) and validates it as a path. */
    static RelativePath path(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    throw new InvalidPathException(encoded, "malformed percent-encoding");
                }
                bytes.write(Character.digit(encoded.charAt(i + 1), 16) * 16 + Character.digit(encoded.charAt(i + 2), 16));
                i += 2;
            } else {
                int cp = encoded.codePointAt(i);
                byte[] utf8 = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(cp) - 1;
            }
        }
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            return RelativePath.of(decoded);
        } catch (CharacterCodingException e) {
            throw new InvalidPathException(encoded, "not valid UTF-8");
        }
    }
}
