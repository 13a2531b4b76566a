package dev.quantum.protocol;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.InvalidPathException;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one codec for Quantum's JSON: WebSocket {@link Message}s exactly as the seeds
 * write them (a {@code type} tag, snake_case fields, operations as externally tagged
 * objects such as {@code {"Create":{"metadata":…}}}) and the HTTP API's bodies. Decoding
 * validates at the edge: every path becomes a {@link RelativePath}, and every problem is
 * a {@link ProtocolException} naming the field at fault. Unknown fields are ignored so
 * newer peers can add optional ones. Thread-safe and stateless.
 */
public final class JsonCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final ObjectReader ELEMENT = MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonCodec() {
    }

    /** The shared mapper, configured for Quantum's JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    // ---- messages ------------------------------------------------------------------

    /** Decodes one WebSocket text frame. */
    public static Message decodeMessage(String json) {
        JsonNode node = parse(json);
        if (!node.isObject()) {
            throw new ProtocolException("a message must be a JSON object");
        }
        String type = requiredString(node, "type", "type");
        return switch (type) {
            case "Subscribe" -> new Message.Subscribe(
                    requiredString(node, "client_id", "client_id"),
                    optionalSeq(node, "since"),
                    optionalStrings(node, "paths"),
                    optionalInline(node));
            case "FileOperation" -> new Message.FileOperation(
                    decodeOperation(required(node, "operation", "operation"), "operation"),
                    optionalString(node, "source_client", "source_client"),
                    optionalSeq(node, "seq"),
                    optionalBase64(node, "content"));
            case "Ack" -> new Message.Ack(requiredString(node, "operation_id", "operation_id"), optionalSeq(node, "seq"));
            case "Ping" -> new Message.Ping();
            case "Pong" -> new Message.Pong();
            case "Error" -> new Message.Error(requiredString(node, "message", "message"));
            default -> throw new ProtocolException("unknown message type '" + truncate(type) + "'");
        };
    }

    /** Encodes a message as one compact JSON text frame. */
    public static String encode(Message message) {
        return toJson(messageNode(message));
    }

    static ObjectNode messageNode(Message message) {
        ObjectNode node = NODES.objectNode();
        switch (message) {
            case Message.Subscribe s -> {
                node.put("type", "Subscribe");
                node.put("client_id", s.clientId());
                if (s.since() != null) {
                    node.put("since", s.since());
                }
                if (s.paths() != null) {
                    ArrayNode paths = node.putArray("paths");
                    s.paths().forEach(paths::add);
                }
                if (s.inline() != null) {
                    node.put("inline", s.inline());
                }
            }
            case Message.FileOperation f -> {
                node.put("type", "FileOperation");
                node.set("operation", operationNode(f.operation()));
                node.put("source_client", f.sourceClient());
                if (f.seq() != null) {
                    node.put("seq", f.seq());
                }
                if (f.content() != null) {
                    node.put("content", Base64.getEncoder().encodeToString(f.content()));
                }
            }
            case Message.Ack a -> {
                node.put("type", "Ack");
                node.put("operation_id", a.operationId());
                if (a.seq() != null) {
                    node.put("seq", a.seq());
                }
            }
            case Message.Ping p -> node.put("type", "Ping");
            case Message.Pong p -> node.put("type", "Pong");
            case Message.Error e -> {
                node.put("type", "Error");
                node.put("message", e.message());
            }
        }
        return node;
    }

    // ---- operations and metadata ---------------------------------------------------

    /** Decodes an externally tagged operation found at JSON path {@code where}. */
    public static Operation decodeOperation(JsonNode node, String where) {
        if (!node.isObject() || node.size() != 1) {
            throw new ProtocolException(where + ": expected an object with exactly one of Create, Update, Delete, Move");
        }
        String tag = node.propertyNames().iterator().next();
        JsonNode body = node.get(tag);
        String at = where + "." + tag;
        if (!body.isObject()) {
            throw new ProtocolException(at + ": expected an object");
        }
        return switch (tag) {
            case "Create" -> new Operation.Create(decodeMetadata(required(body, "metadata", at + ".metadata"), at + ".metadata"));
            case "Update" -> new Operation.Update(decodeMetadata(required(body, "metadata", at + ".metadata"), at + ".metadata"));
            case "Delete" -> new Operation.Delete(path(body, "path", at + ".path"));
            case "Move" -> {
                RelativePath from = path(body, "from", at + ".from");
                RelativePath to = path(body, "to", at + ".to");
                try {
                    yield new Operation.Move(from, to);
                } catch (IllegalArgumentException e) {
                    throw new ProtocolException(at + ": " + e.getMessage());
                }
            }
            default -> throw new ProtocolException(where + ": unknown operation '" + truncate(tag) + "'");
        };
    }

    public static ObjectNode operationNode(Operation operation) {
        ObjectNode node = NODES.objectNode();
        switch (operation) {
            case Operation.Create c -> node.putObject("Create").set("metadata", metadataNode(c.metadata()));
            case Operation.Update u -> node.putObject("Update").set("metadata", metadataNode(u.metadata()));
            case Operation.Delete d -> node.putObject("Delete").put("path", d.path().value());
            case Operation.Move m -> {
                ObjectNode move = node.putObject("Move");
                move.put("from", m.from().value());
                move.put("to", m.to().value());
            }
        }
        return node;
    }

    /** Decodes a {@code FileMetadata} object found at JSON path {@code where}. */
    public static FileMetadata decodeMetadata(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ProtocolException(where + ": expected an object");
        }
        RelativePath path = path(node, "path", where + ".path");
        JsonNode size = required(node, "size", where + ".size");
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw new ProtocolException(where + ".size: expected a non-negative integer");
        }
        String modifiedText = requiredString(node, "modified", where + ".modified");
        Instant modified;
        try {
            modified = Instant.parse(modifiedText);
        } catch (DateTimeParseException e) {
            throw new ProtocolException(where + ".modified: expected an RFC 3339 timestamp, got '" + truncate(modifiedText) + "'");
        }
        String hash = requiredString(node, "hash", where + ".hash");
        JsonNode isDirectory = required(node, "is_directory", where + ".is_directory");
        if (!isDirectory.isBoolean()) {
            throw new ProtocolException(where + ".is_directory: expected true or false");
        }
        try {
            return new FileMetadata(path, size.longValue(), modified, hash, isDirectory.booleanValue());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(where + ": " + e.getMessage());
        }
    }

    public static ObjectNode metadataNode(FileMetadata m) {
        ObjectNode node = NODES.objectNode();
        node.put("path", m.path().value());
        node.put("size", m.size());
        node.put("modified", m.modified().toString());
        node.put("hash", m.hash());
        node.put("is_directory", m.isDirectory());
        return node;
    }

    public static String encodeMetadata(FileMetadata m) {
        return toJson(metadataNode(m));
    }

    public static String encodeMetadataList(List<FileMetadata> list) {
        ArrayNode array = NODES.arrayNode();
        list.forEach(m -> array.add(metadataNode(m)));
        return toJson(array);
    }

    public static List<FileMetadata> decodeMetadataList(String json) {
        JsonNode node = parse(json);
        if (!node.isArray()) {
            throw new ProtocolException("expected a JSON array of file metadata");
        }
        List<FileMetadata> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(decodeMetadata(node.get(i), "[" + i + "]"));
        }
        return out;
    }

    /**
     * Decodes a JSON array of file metadata as it is read from {@code in}, one element at a
     * time, so the whole text never sits in memory. Does not close {@code in}.
     *
     * @throws ProtocolException if the text is not such an array (with the element at fault)
     * @throws IOException if reading {@code in} fails
     */
    public static List<FileMetadata> decodeMetadataList(InputStream in) throws IOException {
        try (JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new ProtocolException("expected a JSON array of file metadata");
            }
            List<FileMetadata> out = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new ProtocolException("malformed JSON: the array ends after " + out.size() + " entries without ']'");
                }
                JsonNode element = ELEMENT.readValue(parser);
                out.add(decodeMetadata(element, "[" + out.size() + "]"));
            }
            if (parser.nextToken() != null) {
                throw new ProtocolException("malformed JSON: more after the array");
            }
            return out;
        } catch (JacksonIOException e) {
            throw e.getCause();
        } catch (JacksonException e) {
            throw new ProtocolException("malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    // ---- change log pages ----------------------------------------------------------

    public static String encodeChanges(ChangesPage page) {
        ObjectNode node = NODES.objectNode();
        node.put("seq", page.seq());
        ArrayNode changes = node.putArray("changes");
        for (Change c : page.changes()) {
            ObjectNode entry = changes.addObject();
            entry.put("seq", c.seq());
            entry.set("operation", operationNode(c.operation()));
            entry.put("source_client", c.sourceClient());
        }
        return toJson(node);
    }

    public static ChangesPage decodeChanges(String json) {
        JsonNode node = parse(json);
        if (!node.isObject()) {
            throw new ProtocolException("expected a JSON object");
        }
        long head = requiredSeq(node, "seq", "seq");
        JsonNode changes = required(node, "changes", "changes");
        if (!changes.isArray()) {
            throw new ProtocolException("changes: expected an array");
        }
        List<Change> out = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            JsonNode c = changes.get(i);
            String at = "changes[" + i + "]";
            if (!c.isObject()) {
                throw new ProtocolException(at + ": expected an object");
            }
            long seq = requiredSeq(c, "seq", at + ".seq");
            if (seq <= 0) {
                throw new ProtocolException(at + ".seq: expected a positive integer");
            }
            out.add(new Change(seq,
                    decodeOperation(required(c, "operation", at + ".operation"), at + ".operation"),
                    optionalString(c, "source_client", at + ".source_client")));
        }
        return new ChangesPage(head, out);
    }

    // ---- helpers -------------------------------------------------------------------

    /** Parses JSON text, turning syntax errors into a {@link ProtocolException}. */
    public static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw new ProtocolException("malformed JSON: empty input");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new ProtocolException("malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    public static String toJson(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** A path read at JSON path {@code where}, validated; a bad one is a {@link ProtocolException} naming {@code where}. */
    public static RelativePath decodePath(String raw, String where) {
        try {
            return RelativePath.of(raw);
        } catch (InvalidPathException e) {
            throw new ProtocolException(where + ": " + e.getMessage());
        }
    }

    /** The required string {@code field} of {@code node}, found at JSON path {@code where}. */
    public static String requiredText(JsonNode node, String field, String where) {
        return requiredString(node, field, where);
    }

    /** The optional string {@code field} of {@code node}, or null when absent or null. */
    public static String optionalText(JsonNode node, String field, String where) {
        return optionalString(node, field, where);
    }

    /** The required non-negative integer {@code field} of {@code node}, found at JSON path {@code where}. */
    public static long requiredCount(JsonNode node, String field, String where) {
        JsonNode value = required(node, field, where);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new ProtocolException(where + ": expected a non-negative integer");
        }
        return value.longValue();
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(where + ": required");
        }
        return value;
    }

    private static String requiredString(JsonNode node, String field, String where) {
        JsonNode value = required(node, field, where);
        if (!value.isString()) {
            throw new ProtocolException(where + ": expected a string");
        }
        return value.stringValue();
    }

    private static String optionalString(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new ProtocolException(where + ": expected a string or null");
        }
        return value.stringValue();
    }

    private static long requiredSeq(JsonNode node, String field, String where) {
        Long seq = optionalSeq(node, field);
        if (seq == null) {
            throw new ProtocolException(where + ": required");
        }
        return seq;
    }

    private static Long optionalSeq(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new ProtocolException(field + ": expected a non-negative integer");
        }
        return value.longValue();
    }

    private static Integer optionalInline(JsonNode node) {
        Long inline = optionalSeq(node, "inline");
        return inline == null ? null : (int) Math.min(inline, Integer.MAX_VALUE);
    }

    private static byte[] optionalBase64(JsonNode node, String field) {
        String text = optionalString(node, field, field);
        if (text == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(field + ": expected base64 (" + e.getMessage() + ")");
        }
    }

    private static List<String> optionalStrings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new ProtocolException(field + ": expected an array of strings");
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isString()) {
                throw new ProtocolException(field + "[" + i + "]: expected a string");
            }
            out.add(value.get(i).stringValue());
        }
        return out;
    }

    private static RelativePath path(JsonNode node, String field, String where) {
        return decodePath(requiredString(node, field, where), where);
    }

    private static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
