package dev.quantum.protocol;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Many small files in one HTTP exchange: the body of {@code POST /api/batch/upload} and the
 * answer of {@code POST /api/batch/download}. A batch is a stream of records; each record is
 * one line of JSON (its header, UTF-8, ending in {@code \n}, at most {@value #MAX_HEADER_BYTES}
 * bytes) followed, when the header describes content, by exactly {@code size} bytes of it.
 * The stream ends after the last record. Every header is validated here, as every other
 * message of the protocol: a malformed one is a {@link ProtocolException} naming the record
 * and field at fault. Thread-safe and stateless, but for {@link Reader}, which one thread uses.
 *
 * <p>Upload record: {@code {"path":P,"size":N}} with at most one of {@code "if_match":HASH}
 * (store only if the server still holds that content) and {@code "if_none_match":"*"} (only
 * if nothing is there), then N bytes. Download record: the file's {@code FileMetadata}, then
 * {@code size} bytes; or {@code {"path":P,"status":404,"error":MESSAGE}} and no bytes.
 */
public final class FileBatch {

    /** The media type of a batch stream. */
    public static final String MEDIA_TYPE = "application/vnd.quantum.files";
    /** The most files one batch may carry, either way. */
    public static final int MAX_FILES = 1000;
    /** The longest header line, newline included. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FileBatch() {
    }

    /** One file of an upload: where it goes, how many bytes follow, and the condition on what the server holds. */
    public record UploadPart(RelativePath path, long size, Optional<String> ifMatch, boolean createOnly) {
        public UploadPart {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(ifMatch, "ifMatch");
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative: " + size);
            }
            if (createOnly && ifMatch.isPresent()) {
                throw new IllegalArgumentException("a part is either create-only or conditional on a hash, not both");
            }
        }
    }

    /** One answer of a download batch: a file whose {@code size} bytes follow, or why there is none. */
    public sealed interface Fetched {
        RelativePath path();

        /** The file's metadata as stored; its content follows. */
        record Content(FileMetadata metadata) implements Fetched {
            public Content {
                if (metadata.isDirectory()) {
                    throw new IllegalArgumentException(metadata.path() + " is a folder");
                }
            }

            @Override
            public RelativePath path() {
                return metadata.path();
            }
        }

        /** No content for {@code path}: an HTTP-like {@code status} (404: not a file on the server) and the reason. */
        record Failed(RelativePath path, int status, String error) implements Fetched {
            public Failed {
                Objects.requireNonNull(path, "path");
                Objects.requireNonNull(error, "error");
            }
        }
    }

    /** What an upload batch did with one file, in the order the files were sent. */
    public sealed interface Stored {
        RelativePath path();

        /**
         * Stored (or already there): the metadata, whether the path was new, and the changes it
         * committed ({@code firstSeq..lastSeq}, its new parent folders first; both 0 when the
         * content was already there and nothing changed).
         */
        record Done(FileMetadata metadata, boolean created, long firstSeq, long lastSeq) implements Stored {
            public Done {
                Objects.requireNonNull(metadata, "metadata");
                if (firstSeq < 0 || lastSeq < firstSeq || (firstSeq == 0) != (lastSeq == 0)) {
                    throw new IllegalArgumentException("bad seq range " + firstSeq + ".." + lastSeq);
                }
            }

            @Override
            public RelativePath path() {
                return metadata.path();
            }
        }

        /** Refused, alone: {@code status} as the single request would have answered (412, 409, …), and why. */
        record Refused(RelativePath path, int status, String error) implements Stored {
            public Refused {
                Objects.requireNonNull(path, "path");
                Objects.requireNonNull(error, "error");
            }
        }
    }

    /** The answer of an upload batch: the log's head after it, and one result per file sent. */
    public record UploadAnswer(long seq, List<Stored> results) {
        public UploadAnswer {
            results = List.copyOf(results);
        }
    }

    // ---- download request -------------------------------------------------------------

    /** {@code {"paths":[…]}}, the body of {@code POST /api/batch/download}. */
    public static String encodeDownloadRequest(List<RelativePath> paths) {
        ObjectNode node = NODES.objectNode();
        ArrayNode array = node.putArray("paths");
        paths.forEach(p -> array.add(p.value()));
        return JsonCodec.toJson(node);
    }

    /** Decodes a download request: 1 to {@value #MAX_FILES} valid paths, none twice. */
    public static List<RelativePath> decodeDownloadRequest(String json) {
        JsonNode node = JsonCodec.parse(json);
        if (!node.isObject()) {
            throw new ProtocolException("expected a JSON object {\"paths\":[…]}");
        }
        JsonNode paths = node.get("paths");
        if (paths == null || !paths.isArray()) {
            throw new ProtocolException("paths: expected an array of paths");
        }
        if (paths.isEmpty() || paths.size() > MAX_FILES) {
            throw new ProtocolException("paths: expected 1 to " + MAX_FILES + " paths, got " + paths.size());
        }
        List<RelativePath> out = new ArrayList<>(paths.size());
        Set<RelativePath> seen = new HashSet<>();
        for (int i = 0; i < paths.size(); i++) {
            JsonNode p = paths.get(i);
            String where = "paths[" + i + "]";
            if (!p.isString()) {
                throw new ProtocolException(where + ": expected a string");
            }
            RelativePath path = JsonCodec.decodePath(p.stringValue(), where);
            if (!seen.add(path)) {
                throw new ProtocolException(where + ": " + path + " is asked for twice");
            }
            out.add(path);
        }
        return out;
    }

    // ---- headers ----------------------------------------------------------------------

    /** Writes the header line of an upload record; its {@code size} bytes must follow. */
    public static void writeHeader(OutputStream out, UploadPart part) throws IOException {
        ObjectNode node = NODES.objectNode();
        node.put("path", part.path().value());
        node.put("size", part.size());
        part.ifMatch().ifPresent(h -> node.put("if_match", h));
        if (part.createOnly()) {
            node.put("if_none_match", "*");
        }
        writeLine(out, node);
    }

    /** Writes the header line of a download record; for {@link Fetched.Content} its {@code size} bytes must follow. */
    public static void writeHeader(OutputStream out, Fetched fetched) throws IOException {
        ObjectNode node = switch (fetched) {
            case Fetched.Content c -> JsonCodec.metadataNode(c.metadata());
            case Fetched.Failed f -> {
                ObjectNode n = NODES.objectNode();
                n.put("path", f.path().value());
                n.put("status", f.status());
                n.put("error", f.error());
                yield n;
            }
        };
        writeLine(out, node);
    }

    private static void writeLine(OutputStream out, ObjectNode node) throws IOException {
        byte[] line = JsonCodec.mapper().writeValueAsBytes(node);
        if (line.length + 1 > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("a batch header is longer than " + MAX_HEADER_BYTES + " bytes");
        }
        out.write(line);
        out.write('\n');
    }

    static UploadPart decodeUploadPart(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new ProtocolException(where + ": expected an object");
        }
        RelativePath path = JsonCodec.decodePath(JsonCodec.requiredText(node, "path", where + ".path"), where + ".path");
        long size = JsonCodec.requiredCount(node, "size", where + ".size");
        Optional<String> ifMatch = Optional.ofNullable(JsonCodec.optionalText(node, "if_match", where + ".if_match"));
        String ifNoneMatch = JsonCodec.optionalText(node, "if_none_match", where + ".if_none_match");
        if (ifNoneMatch != null && !ifNoneMatch.equals("*")) {
            throw new ProtocolException(where + ".if_none_match: only \"*\" is supported");
        }
        if (ifNoneMatch != null && ifMatch.isPresent()) {
            throw new ProtocolException(where + ": if_match and if_none_match cannot both be given");
        }
        if (ifMatch.isPresent() && !FileMetadata.isSha256(ifMatch.get())) {
            throw new ProtocolException(where + ".if_match: expected a lowercase hex SHA-256");
        }
        return new UploadPart(path, size, ifMatch, ifNoneMatch != null);
    }

    static Fetched decodeFetched(JsonNode node, String where) {
        if (node.isObject() && node.has("error")) {
            RelativePath path = JsonCodec.decodePath(JsonCodec.requiredText(node, "path", where + ".path"), where + ".path");
            int status = (int) Math.min(999, JsonCodec.requiredCount(node, "status", where + ".status"));
            return new Fetched.Failed(path, status, JsonCodec.requiredText(node, "error", where + ".error"));
        }
        FileMetadata m = JsonCodec.decodeMetadata(node, where);
        if (m.isDirectory()) {
            throw new ProtocolException(where + ": " + m.path() + " is a folder, not a file");
        }
        return new Fetched.Content(m);
    }

    // ---- upload answer ----------------------------------------------------------------

    public static String encodeUploadAnswer(UploadAnswer answer) {
        ObjectNode node = NODES.objectNode();
        node.put("seq", answer.seq());
        ArrayNode results = node.putArray("results");
        for (Stored s : answer.results()) {
            ObjectNode r = results.addObject();
            r.put("path", s.path().value());
            switch (s) {
                case Stored.Done d -> {
                    r.put("status", d.created() ? 201 : 200);
                    r.set("metadata", JsonCodec.metadataNode(d.metadata()));
                    r.put("first_seq", d.firstSeq());
                    r.put("seq", d.lastSeq());
                }
                case Stored.Refused f -> {
                    r.put("status", f.status());
                    r.put("error", f.error());
                }
            }
        }
        return JsonCodec.toJson(node);
    }

    public static UploadAnswer decodeUploadAnswer(String json) {
        JsonNode node = JsonCodec.parse(json);
        if (!node.isObject()) {
            throw new ProtocolException("expected a JSON object");
        }
        long head = JsonCodec.requiredCount(node, "seq", "seq");
        JsonNode results = node.get("results");
        if (results == null || !results.isArray()) {
            throw new ProtocolException("results: expected an array");
        }
        List<Stored> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            String where = "results[" + i + "]";
            if (!r.isObject()) {
                throw new ProtocolException(where + ": expected an object");
            }
            long status = JsonCodec.requiredCount(r, "status", where + ".status");
            if (status == 200 || status == 201) {
                FileMetadata m = JsonCodec.decodeMetadata(r.get("metadata") == null ? NODES.nullNode() : r.get("metadata"),
                        where + ".metadata");
                long first = JsonCodec.requiredCount(r, "first_seq", where + ".first_seq");
                long last = JsonCodec.requiredCount(r, "seq", where + ".seq");
                if ((first == 0) != (last == 0) || last < first) {
                    throw new ProtocolException(where + ": bad seq range " + first + ".." + last);
                }
                out.add(new Stored.Done(m, status == 201, first, last));
            } else {
                RelativePath path = JsonCodec.decodePath(JsonCodec.requiredText(r, "path", where + ".path"), where + ".path");
                out.add(new Stored.Refused(path, (int) Math.min(999, status), JsonCodec.requiredText(r, "error", where + ".error")));
            }
        }
        return new UploadAnswer(head, out);
    }

    // ---- reading a stream -------------------------------------------------------------

    /** A reader of the records of one batch stream, for one thread; does not close its input. */
    public static Reader reader(InputStream in) {
        return new Reader(in);
    }

    /**
     * Reads one record at a time. After a header, {@link #content()} gives exactly its bytes;
     * whatever of them is left unread is skipped when the next header is read. A stream that
     * ends inside a header or inside content is a {@link ProtocolException}.
     */
    public static final class Reader {
        private final InputStream in;
        private final byte[] line = new byte[MAX_HEADER_BYTES];
        private Content current;
        private int records;

        private Reader(InputStream in) {
            this.in = Objects.requireNonNull(in, "in");
        }

        /** The next upload record's header, or empty at the end of the stream. */
        public Optional<UploadPart> nextUpload() throws IOException {
            Optional<JsonNode> header = nextHeader();
            if (header.isEmpty()) {
                return Optional.empty();
            }
            UploadPart part = decodeUploadPart(header.get(), "file " + records);
            current = new Content(part.path(), part.size());
            return Optional.of(part);
        }

        /** The next download record's header, or empty at the end of the stream. */
        public Optional<Fetched> nextFetched() throws IOException {
            Optional<JsonNode> header = nextHeader();
            if (header.isEmpty()) {
                return Optional.empty();
            }
            Fetched fetched = decodeFetched(header.get(), "file " + records);
            if (fetched instanceof Fetched.Content c) {
                current = new Content(c.path(), c.metadata().size());
            }
            return Optional.of(fetched);
        }

        /** The content of the record just read: exactly its {@code size} bytes (none after a failed download). */
        public InputStream content() {
            return current == null ? InputStream.nullInputStream() : current;
        }

        private Optional<JsonNode> nextHeader() throws IOException {
            if (current != null) {
                current.skipRest();
                current = null;
            }
            int n = 0;
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    if (n == 0) {
                        return Optional.empty();
                    }
                    throw new ProtocolException("file " + (records + 1) + ": the batch ends inside a header");
                }
                if (n == line.length - 1) {
                    throw new ProtocolException("file " + (records + 1) + ": header longer than " + MAX_HEADER_BYTES + " bytes");
                }
                line[n++] = (byte) b;
            }
            records++;
            if (records > MAX_FILES) {
                throw new ProtocolException("a batch carries at most " + MAX_FILES + " files");
            }
            return Optional.of(JsonCodec.parse(new String(line, 0, n, StandardCharsets.UTF_8)));
        }

        /** The bytes of one record: ends after exactly its size, or fails if the stream ends first. */
        private final class Content extends InputStream {
            private final RelativePath path;
            private final long size;
            private long left;

            Content(RelativePath path, long size) {
                this.path = path;
                this.size = size;
                this.left = size;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (left == 0) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new ProtocolException("the batch ends inside the content of " + path + " ("
                            + (size - left) + " of " + size + " bytes)");
                }
                left -= n;
                return n;
            }

            void skipRest() throws IOException {
                byte[] sink = new byte[8192];
                while (read(sink, 0, sink.length) >= 0) {
                    // discard
                }
            }
        }
    }
}
