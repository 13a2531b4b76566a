package dev.quantum.server.api;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.FileBatch;
import dev.quantum.protocol.FileBatch.Fetched;
import dev.quantum.protocol.FileBatch.Stored;
import dev.quantum.server.store.PutOutcome;
import dev.quantum.server.store.PutResult;
import dev.quantum.server.store.SyncStore;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * {@code POST /api/batch/upload} and {@code POST /api/batch/download}: many small files in
 * one exchange ({@link FileBatch}), each file with the same checks, changes and answers as
 * its single request. Thread-safe.
 */
final class BatchEndpoints {

    /** Largest download request: 1,000 paths of up to a few KiB each. */
    private static final int MAX_REQUEST = 8 * 1024 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final SyncStore store;
    private final long maxFileSize;
    private final ApiMetrics metrics;

    BatchEndpoints(SyncStore store, long maxFileSize, ApiMetrics metrics) {
        this.store = store;
        this.maxFileSize = maxFileSize;
        this.metrics = metrics;
    }

    /**
     * Stores every file of the body; 200 with one result per file in order (each stored or
     * refused alone, with the status its single PUT would have had). A malformed body, a bad
     * or repeated path or a file over the size limit refuses the whole batch: nothing changes.
     */
    void upload(Exchange ex) throws IOException {
        String type = ex.header(HttpHeader.CONTENT_TYPE);
        if (type != null && !type.startsWith(FileBatch.MEDIA_TYPE)) {
            throw new ApiException(415, "a batch upload is sent as " + FileBatch.MEDIA_TYPE + ", not " + type);
        }
        String source = ex.clientId();
        List<PutOutcome> outcomes = store.putAll(FileBatch.reader(Content.Source.asInputStream(ex.request())), maxFileSize, source);
        List<Stored> results = new ArrayList<>(outcomes.size());
        for (PutOutcome outcome : outcomes) {
            results.add(switch (outcome) {
                case PutOutcome.Stored s -> stored(s.result());
                case PutOutcome.Failed f -> new Stored.Refused(f.path(), FileSyncHandler.statusOf(f.reason()), message(f.reason()));
            });
        }
        long head = store.head();
        ex.response().getHeaders().put(Exchange.SEQ, head);
        ex.json(200, FileBatch.encodeUploadAnswer(new FileBatch.UploadAnswer(head, results)));
    }

    private Stored stored(PutResult result) {
        if (result.change().isEmpty()) {
            return new Stored.Done(result.metadata(), result.created(), 0, 0);
        }
        metrics.uploads().increment();
        metrics.uploadBytes().increment(result.metadata().size());
        return new Stored.Done(result.metadata(), result.created(), result.changes().getFirst().seq(), result.change().get().seq());
    }

    private static String message(Exception e) {
        return FileSyncHandler.statusOf(e) == 500 ? "internal error: " + e.getMessage() : e.getMessage();
    }

    /**
     * Streams the files named by the body, in its order: each one's metadata and content, or
     * a 404 record for a path that is not a file on the server now. Every path is checked
     * before anything is sent (a bad one is a 400 for the whole request).
     */
    void download(Exchange ex) throws IOException {
        List<RelativePath> paths = FileBatch.decodeDownloadRequest(ex.jsonBody(MAX_REQUEST));
        paths.forEach(store::locate);
        ex.response().setStatus(200);
        ex.response().getHeaders().put(HttpHeader.CONTENT_TYPE, FileBatch.MEDIA_TYPE);
        ex.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // Not closed on a failure: closing would end the answer as if complete; the handler
        // aborts it instead, so the client sees a cut stream.
        OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(ex.response()), BUFFER);
        byte[] buffer = new byte[BUFFER];
        for (RelativePath path : paths) {
            send(out, path, buffer);
        }
        out.close();
        ex.callback().succeeded();
    }

    /** One record: the file as it is on disk now, its index entry brought up to date when the disk moved on. */
    private void send(OutputStream out, RelativePath path, byte[] buffer) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Optional<FileMetadata> m = store.metadata(path).filter(e -> !e.isDirectory());
            if (m.isEmpty()) {
                FileBatch.writeHeader(out, new Fetched.Failed(path, 404, path + " is not a file on the server"));
                return;
            }
            Path file = store.locate(path);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                long size = channel.size();
                if (size == m.get().size()) {
                    FileBatch.writeHeader(out, new Fetched.Content(m.get()));
                    copy(channel, size, out, buffer, path);
                    return;
                }
            } catch (NoSuchFileException e) {
                // gone from the disk: the reconcile below drops it from the index
            }
            if (attempt == 1) {
                FileBatch.writeHeader(out, new Fetched.Failed(path, 409, path + " is changing on the server; try again"));
                return;
            }
            store.reconcile(path);
        }
    }

    private static void copy(FileChannel channel, long size, OutputStream out, byte[] buffer, RelativePath path) throws IOException {
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        for (long left = size; left > 0; ) {
            wrapped.clear().limit((int) Math.min(buffer.length, left));
            int n = channel.read(wrapped);
            if (n < 0) {
                // The framing promised size bytes: the answer cannot go on, so it is cut (the client retries).
                throw new EOFException(path + " shrank on disk while it was sent");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
