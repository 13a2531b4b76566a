package dev.quantum.server.api;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.server.store.PutResult;
import dev.quantum.server.store.SyncStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;

/**
 * {@code /api/files/{path}}: download (ETag, Range, If-None-Match), upload (streamed to
 * a temp file, atomic rename, preconditions, size limit) and delete. Thread-safe.
 */
final class FileEndpoints {

    /** Read size of a download: large direct buffers (the pool's largest) move a big file in few system calls. */
    private static final int DOWNLOAD_BUFFER = 64 * 1024;

    private final SyncStore store;
    private final long maxFileSize;
    private final ApiMetrics metrics;

    FileEndpoints(SyncStore store, long maxFileSize, ApiMetrics metrics) {
        this.store = store;
        this.maxFileSize = maxFileSize;
        this.metrics = metrics;
    }

    void get(Exchange ex, RelativePath path, boolean headOnly) throws IOException {
        Path file = store.locate(path);
        FileMetadata m = current(path);
        if (!Files.isRegularFile(file) || Files.size(file) != m.size()) {
            store.reconcile(path);
            m = current(path);
        }
        var headers = ex.response().getHeaders();
        headers.put(HttpHeader.ETAG, EntityTags.of(m.hash()));
        headers.put(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(m.modified()));
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", "sandbox");
        if (EntityTags.noneMatchHits(ex.header(HttpHeader.IF_NONE_MATCH), m.hash())) {
            ex.empty(304);
            return;
        }
        headers.put(HttpHeader.CONTENT_TYPE, contentType(path));
        Optional<ByteRange> range = rangeOf(ex, m);
        long offset = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(m.size());
        if (range.isPresent()) {
            headers.put(HttpHeader.CONTENT_RANGE, "bytes " + range.get().first() + "-" + range.get().last() + "/" + m.size());
        }
        ex.response().setStatus(range.isPresent() ? 206 : 200);
        headers.put(HttpHeader.CONTENT_LENGTH, length);
        if (headOnly || length == 0) {
            ex.response().write(true, null, ex.callback());
            return;
        }
        var pool = new ByteBufferPool.Sized(ex.request().getComponents().getByteBufferPool(), true, DOWNLOAD_BUFFER);
        Content.copy(Content.Source.from(pool, file, offset, length), ex.response(), ex.callback());
    }

    private Optional<ByteRange> rangeOf(Exchange ex, FileMetadata m) {
        String ifRange = ex.header(HttpHeader.IF_RANGE);
        if (ifRange != null && !ifRange.equals(EntityTags.of(m.hash()))) {
            return Optional.empty();
        }
        try {
            return ByteRange.parse(ex.header(HttpHeader.RANGE), m.size());
        } catch (ByteRange.Unsatisfiable e) {
            ex.response().getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + m.size());
            throw new ApiException(416, "range not satisfiable for " + m.size() + " bytes");
        }
    }

    void put(Exchange ex, RelativePath path) throws IOException {
        long declared = ex.request().getLength();
        if (maxFileSize > 0 && declared > maxFileSize) {
            throw new ApiException(413, "file is larger than the limit of " + maxFileSize + " bytes");
        }
        PutResult result;
        try (RequestBody body = new RequestBody(ex.request())) {
            result = store.put(path, body, maxFileSize, EntityTags.precondition(ex, true), ex.clientId());
        }
        if (result.change().isPresent()) {
            metrics.uploads().increment();
            metrics.uploadBytes().increment(result.metadata().size());
        }
        ex.response().getHeaders().put(HttpHeader.ETAG, EntityTags.of(result.metadata().hash()));
        ex.committed(result.changes(), store::head);
        ex.json(result.created() ? 201 : 200, JsonCodec.encodeMetadata(result.metadata()));
    }

    void delete(Exchange ex, RelativePath path) throws IOException {
        Change change = store.delete(path, EntityTags.precondition(ex, false), ex.clientId());
        ex.committed(List.of(change), store::head);
        ex.empty(204);
    }

    private FileMetadata current(RelativePath path) {
        FileMetadata m = store.metadata(path).orElseThrow(() -> new ApiException(404, path + " not found"));
        if (m.isDirectory()) {
            throw new ApiException(400, path + " is a folder; GET /api/list lists folders");
        }
        return m;
    }

    static String contentType(RelativePath path) {
        String type = MimeTypes.DEFAULTS.getMimeByExtension(path.name());
        if (type == null) {
            return "application/octet-stream";
        }
        boolean text = type.startsWith("text/") || type.equals("application/javascript") || type.equals("application/json");
        return text && !type.contains("charset") ? type + ";charset=utf-8" : type;
    }
}
