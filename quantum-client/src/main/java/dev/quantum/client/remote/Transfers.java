package dev.quantum.client.remote;

import dev.quantum.client.sync.Answer;
import dev.quantum.client.sync.Committed;
import dev.quantum.client.sync.RemoteException;
import dev.quantum.client.sync.RemoteServer;
import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.FileBatch;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.ProtocolException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;

/**
 * File downloads and uploads (and the listing) for an {@code http://} or {@code https://} server
 * on the calling thread, over
 * {@link TransferClient}'s pooled keep-alive connections, with the same answers as
 * {@link HttpRemoteServer}'s: 404 on a download and 412 are {@link RemoteException.Stale},
 * 502–504 and no connection {@link RemoteException.Unavailable}, other refusals
 * {@link RemoteException.Rejected}. A redirect is not followed here: the caller sends that
 * request again through the JDK's client ({@link Redirected}). Thread-safe; close it to close
 * its connections.
 */
final class Transfers implements AutoCloseable {

    private static final int ERROR_TEXT = 4096 * 64;
    /** The longest batch upload answer read (some 300 bytes a file). */
    private static final int MOST_ANSWER_TEXT = 4 * 1024 * 1024;

    private final CloseableHttpClient http;
    private final URI base;
    private final HttpHost host;
    private final String prefix;
    private final Map<String, String> headers;

    private Transfers(URI base, Map<String, String> headers, SSLContext tls) {
        this.base = base;
        this.host = HttpHost.create(base);
        this.prefix = base.getRawPath() == null ? "" : base.getRawPath();
        this.headers = Map.copyOf(headers);
        this.http = TransferClient.create(tls);
    }

    /** Transfers for an {@code http} or {@code https} {@code base}; empty for any other. {@code headers} go with every request. */
    static Optional<Transfers> of(URI base, Map<String, String> headers) {
        return of(base, headers, LazyTls.context());
    }

    /** As {@link #of(URI, Map)}, trusting for TLS what {@code tls} trusts. */
    static Optional<Transfers> of(URI base, Map<String, String> headers, SSLContext tls) {
        String scheme = base.getScheme();
        boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        return http && base.getHost() != null ? Optional.of(new Transfers(base, headers, tls)) : Optional.empty();
    }

    /** The body of {@code target} (a raw path below the base); the caller closes it. */
    InputStream download(RelativePath path, String target) throws RemoteException {
        ClassicHttpResponse response;
        try {
            response = http.executeOpen(host, withHeaders(new HttpGet(prefix + target), Map.of()), null);
            if (response.getCode() == 200) {
                return body(response);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
        String message = HttpRemoteServer.errorText(text(response));
        if (response.getCode() == 404) {
            throw new RemoteException.Stale(path + " is no longer on the server");
        }
        throw refusal(response.getCode(), "GET " + path, message);
    }

    /**
     * The server's listing from {@code target}, decoded as it streams in; every wait for the
     * answer or for more of its body is bounded by {@code timeout}, so a server that stalls
     * halfway makes it {@link RemoteException.Unavailable} instead of hanging.
     */
    RemoteServer.Listing list(String target, Duration timeout) throws RemoteException {
        HttpGet get = withHeaders(new HttpGet(prefix + target), Map.of());
        get.setConfig(TransferClient.requestConfig(timeout));
        ClassicHttpResponse response;
        try {
            response = http.executeOpen(host, get, null);
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (response.getCode() != 200) {
            throw refusal(response.getCode(), "GET " + target, HttpRemoteServer.errorText(text(response)));
        }
        long seq = number(response.getFirstHeader("X-Quantum-Seq"));
        try (InputStream body = body(response)) {
            return new RemoteServer.Listing(JsonCodec.decodeMetadataList(body), seq);
        } catch (ProtocolException e) {
            throw new RemoteException.Rejected(200, target + ": unexpected answer from the server: " + e.getMessage());
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * Sends {@code file} to {@code target} with {@code extra} headers (a write: the client id is
     * among them), hashing the bytes as they are sent.
     */
    RemoteServer.Uploaded upload(RelativePath path, String target, Path file, Map<String, String> extra) throws RemoteException {
        ClassicHttpResponse response;
        FileBody content;
        FileChannel opened;
        try {
            opened = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new RemoteException.Stale(path + " vanished locally before it could be uploaded");
        } catch (IOException e) {
            throw new RemoteException.Stale(path + " could not be read for its upload: " + e.getMessage());
        }
        try (FileChannel channel = opened) {
            HttpPut put = withHeaders(new HttpPut(prefix + target), extra);
            content = new FileBody(channel, channel.size());
            put.setEntity(content);
            response = http.executeOpen(host, put, null);
        } catch (FileBody.Changed e) {
            throw new RemoteException.Stale(path + " changed locally while it was being uploaded");
        } catch (IOException e) {
            throw unreachable(e);
        }
        String body = text(response);
        if (response.getCode() == 412) {
            throw new RemoteException.Stale(path + " changed on the server");
        }
        if (response.getCode() != 200 && response.getCode() != 201) {
            throw refusal(response.getCode(), "PUT " + path, HttpRemoteServer.errorText(body));
        }
        FileMetadata stored = HttpRemoteServer.decode(() -> JsonCodec.decodeMetadata(JsonCodec.parse(body), "body"), "PUT " + path);
        return new RemoteServer.Uploaded(stored, committed(response), content.sentHash());
    }

    /**
     * Downloads {@code paths} with one {@code POST} to {@code target} (the batch download),
     * handing {@code receiver} each path's answer in order: its content, to read before it
     * returns, or what its single download would have thrown (a 404 or 409 record is
     * {@link RemoteException.Stale}). A refusal of the whole request is each path's
     * {@link RemoteException.Rejected}.
     *
     * @throws RemoteException.Unavailable when the server cannot be reached, answers 502–504, or
     *     its stream breaks off or does not follow the protocol (what follows cannot be trusted)
     * @throws NoBatch when the server does not take batches (404, 405) or not this one (413)
     */
    void downloadAll(List<RelativePath> paths, String target, RemoteServer.Receiver receiver)
            throws RemoteException.Unavailable {
        HttpPost post = withHeaders(new HttpPost(prefix + target), Map.of());
        post.setEntity(new StringEntity(FileBatch.encodeDownloadRequest(paths), ContentType.APPLICATION_JSON));
        ClassicHttpResponse response = open(post);
        if (response.getCode() != 200) {
            for (Answer<InputStream> refused : Transfers.<InputStream>each(paths, batchRefusal(response, "POST " + target))) {
                receiver.receive(refused);
            }
            return;
        }
        try (InputStream body = body(response)) {
            FileBatch.Reader reader = FileBatch.reader(body);
            for (RelativePath path : paths) {
                FileBatch.Fetched fetched = reader.nextFetched()
                        .orElseThrow(() -> new ProtocolException("the answer ends before " + path));
                if (!fetched.path().equals(path)) {
                    throw new ProtocolException("expected " + path + " next, got " + fetched.path());
                }
                switch (fetched) {
                    case FileBatch.Fetched.Content c -> handOver(path, reader.content(), receiver);
                    case FileBatch.Fetched.Failed f -> receiver.receive(new Answer.Failed<>(path, fetchFailure(f)));
                }
            }
            if (reader.nextFetched().isPresent()) {
                throw new ProtocolException("the answer holds more files than were asked for");
            }
        } catch (IOException | ProtocolException e) {
            throw broken(target, e);
        }
    }

    /**
     * Why a batch download has no content for a path, as its single download would have said:
     * 404 (not a file there now) and 409 (changing as it was read) mean the server moved on
     * since the plan, {@link RemoteException.Stale}; anything else is a refusal.
     */
    private static RemoteException fetchFailure(FileBatch.Fetched.Failed f) {
        return switch (f.status()) {
            case 404 -> new RemoteException.Stale(f.path() + " is no longer on the server");
            case 409 -> new RemoteException.Stale(f.path() + " is changing on the server: " + f.error());
            default -> HttpRemoteServer.failure(f.status(), "GET " + f.path(), f.error());
        };
    }

    /** Hands one file's content over; a failure to read it is the batch's, not the file's. */
    private void handOver(RelativePath path, InputStream content, RemoteServer.Receiver receiver)
            throws IOException, RemoteException.Unavailable {
        BatchPart part = new BatchPart(content);
        receiver.receive(new Answer.Done<>(path, part));
        if (part.failure != null) {
            throw part.failure;
        }
    }

    /**
     * Uploads {@code uploads} with one {@code POST} to {@code target} (the batch upload) with
     * {@code extra} headers (the client id among them), each file read whole just before it is
     * sent and hashed as sent, and answers for each, in order, as its single upload would have:
     * what the server stored (412 is {@link RemoteException.Stale}, other refusals
     * {@link RemoteException.Rejected}). A file that could not be read is left out and
     * {@link RemoteException.Stale}; a refusal of the whole request, or an answer that does not
     * follow the protocol, is each file's {@link RemoteException.Rejected}. The body waits for
     * the server's {@code 100 Continue}, so a server that refuses the request at once (an older
     * one without the endpoint) answers without the connection breaking under a body it never reads.
     *
     * @throws RemoteException.Unavailable when the server cannot be reached or answers 502–504
     * @throws NoBatch when the server does not take batches (404, 405) or not this one (413)
     */
    List<Answer<RemoteServer.Uploaded>> uploadAll(List<RemoteServer.Upload> uploads, String target,
                                                  Map<String, String> extra) throws RemoteException.Unavailable {
        HttpPost post = withHeaders(new HttpPost(prefix + target), extra);
        post.setConfig(TransferClient.expectingContinue());
        BatchBody content = new BatchBody(uploads);
        post.setEntity(content);
        ClassicHttpResponse response = open(post);
        if (response.getCode() != 200) {
            return each(paths(uploads), batchRefusal(response, "POST " + target));
        }
        String body = text(response, MOST_ANSWER_TEXT);
        if (content.sent().isEmpty()) {
            return each(paths(uploads), new RemoteException.Rejected(200, "POST " + target + " answered before the files were sent"));
        }
        List<BatchBody.Read> read = content.sent().get();
        List<BatchBody.Read.Sent> carried = read.stream()
                .filter(BatchBody.Read.Sent.class::isInstance).map(BatchBody.Read.Sent.class::cast).toList();
        Iterator<Answer<RemoteServer.Uploaded>> stored = stored(body, carried, "POST " + target).iterator();
        return read.stream().map(r -> switch (r) {
            case BatchBody.Read.LeftOut out -> new Answer.Failed<RemoteServer.Uploaded>(out.path(),
                    new RemoteException.Stale(out.reason()));
            case BatchBody.Read.Sent s -> stored.next();
        }).toList();
    }

    /**
     * The answers for the files a batch upload carried, from its answer's {@code body}; an
     * answer that does not follow the protocol refuses each of them with what was wrong.
     */
    private static List<Answer<RemoteServer.Uploaded>> stored(String body, List<BatchBody.Read.Sent> carried, String what) {
        List<FileBatch.Stored> results;
        try {
            results = FileBatch.decodeUploadAnswer(body).results();
            if (results.size() != carried.size()) {
                throw new ProtocolException(results.size() + " results for " + carried.size() + " files");
            }
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).path().equals(carried.get(i).path())) {
                    throw new ProtocolException("results[" + i + "]: expected " + carried.get(i).path()
                            + ", got " + results.get(i).path());
                }
            }
        } catch (ProtocolException e) {
            return each(carried.stream().map(BatchBody.Read.Sent::path).toList(), new RemoteException.Rejected(200, what + ": unexpected answer from the server: " + e.getMessage()));
        }
        List<Answer<RemoteServer.Uploaded>> answers = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            answers.add(answer(results.get(i), carried.get(i).hash()));
        }
        return answers;
    }

    private static List<RelativePath> paths(List<RemoteServer.Upload> uploads) {
        return uploads.stream().map(RemoteServer.Upload::path).toList();
    }

    /** {@code failure} as the answer for each of {@code paths}. */
    private static <T> List<Answer<T>> each(List<RelativePath> paths, RemoteException failure) {
        return paths.stream().<Answer<T>>map(p -> new Answer.Failed<>(p, failure)).toList();
    }

    /** One sent file's answer as its single upload would have given it. */
    private static Answer<RemoteServer.Uploaded> answer(FileBatch.Stored stored, String sentHash) {
        RelativePath path = stored.path();
        return switch (stored) {
            case FileBatch.Stored.Done d -> new Answer.Done<>(path, new RemoteServer.Uploaded(d.metadata(),
                    d.firstSeq() > 0 ? new Committed(d.firstSeq(), d.lastSeq()) : Committed.UNKNOWN, sentHash));
            case FileBatch.Stored.Refused r when r.status() == 412 ->
                    new Answer.Failed<>(path, new RemoteException.Stale(path + " changed on the server"));
            case FileBatch.Stored.Refused r ->
                    new Answer.Failed<>(path, HttpRemoteServer.failure(r.status(), "PUT " + path, r.error()));
        };
    }

    /** Closes every connection. */
    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    private ClassicHttpResponse open(ClassicHttpRequest request) throws RemoteException.Unavailable {
        try {
            return http.executeOpen(host, request, null);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * What a refused batch means: {@link NoBatch} (send the files one by one), a redirect or an
     * unreachable server thrown as for any request, else the refusal each file gets.
     */
    private RemoteException batchRefusal(ClassicHttpResponse response, String what) throws RemoteException.Unavailable {
        int status = response.getCode();
        String message = HttpRemoteServer.errorText(text(response));
        if (status == 404 || status == 405 || status == 413) {
            throw new NoBatch(status != 413, what + " answered " + status + (message.isEmpty() ? "" : " " + message));
        }
        return refusal(status, what, message);
    }

    private RemoteException.Unavailable broken(String target, Exception e) {
        return new RemoteException.Unavailable("the answer to POST " + target + " from " + base + " broke off: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }

    private <R extends ClassicHttpRequest> R withHeaders(R request, Map<String, String> extra) {
        headers.forEach(request::addHeader);
        extra.forEach(request::addHeader);
        return request;
    }

    /** A 200's body; closing it before its end closes the connection rather than reading the rest. */
    private static InputStream body(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            response.close();
            return InputStream.nullInputStream();
        }
        return new FilterInputStream(entity.getContent()) {
            private boolean ended;

            @Override
            public int read() throws IOException {
                int b = super.read();
                ended |= b < 0;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                ended |= n < 0;
                return n;
            }

            @Override
            public void close() throws IOException {
                if (!ended && in instanceof EofSensorInputStream sensor) {
                    sensor.abort();
                }
                super.close();
            }
        };
    }

    /** The whole body as UTF-8 text (at most {@link #ERROR_TEXT} bytes kept); the rest is read so the connection stays usable. */
    private String text(ClassicHttpResponse response) throws RemoteException.Unavailable {
        return text(response, ERROR_TEXT);
    }

    /** The whole body as UTF-8 text (at most {@code most} bytes kept); the rest is read so the connection stays usable. */
    private String text(ClassicHttpResponse response, int most) throws RemoteException.Unavailable {
        try (response) {
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return "";
            }
            try (InputStream in = entity.getContent()) {
                byte[] kept = in.readNBytes(most);
                in.transferTo(OutputStream.nullOutputStream());
                return new String(kept, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private RemoteException refusal(int status, String what, String message) throws RemoteException.Unavailable {
        if (status / 100 == 3) {
            throw new Redirected();
        }
        if (status == 502 || status == 503 || status == 504) {
            throw new RemoteException.Unavailable("the server answered " + status + " to " + what, null);
        }
        return HttpRemoteServer.failure(status, what, message);
    }

    private RemoteException.Unavailable unreachable(IOException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return new RemoteException.Unavailable("cannot reach the server at " + base + ": " + message, e);
    }

    private static Committed committed(ClassicHttpResponse response) {
        long first = number(response.getFirstHeader("X-Quantum-First-Seq"));
        long last = number(response.getFirstHeader("X-Quantum-Seq"));
        return first > 0 && last >= first ? new Committed(first, last) : Committed.UNKNOWN;
    }

    private static long number(Header header) {
        try {
            return header == null || header.getValue() == null ? 0 : Long.parseLong(header.getValue().strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The server does not take this batch: it has no batch endpoints ({@code lasting}: 404 or
     * 405, an older server), or not this one (413: a file over its size limit). Nothing was
     * stored; the caller sends the files one by one.
     */
    static final class NoBatch extends RuntimeException {
        private final boolean lasting;

        NoBatch(boolean lasting, String message) {
            super(message, null, false, false);
            this.lasting = lasting;
        }

        boolean lasting() {
            return lasting;
        }
    }

    /**
     * One file's content in a batch download, as the receiver reads it: remembers a failure to
     * read (the batch broke off, which the reader reports as a {@link ProtocolException}, here an
     * {@link IOException}); closing it leaves the batch open.
     */
    private static final class BatchPart extends FilterInputStream {
        private IOException failure;

        BatchPart(InputStream content) {
            super(content);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            } catch (ProtocolException e) {
                failure = new IOException(e.getMessage(), e);
                throw failure;
            }
        }

        @Override
        public void close() {
            // the rest of the batch follows
        }
    }

    /** The server redirected: not followed here; the JDK's client takes the request. */
    static final class Redirected extends RuntimeException {
        Redirected() {
            super(null, null, false, false);
        }
    }
}
