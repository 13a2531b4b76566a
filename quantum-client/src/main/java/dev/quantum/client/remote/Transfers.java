package dev.quantum.client.remote;

import dev.quantum.client.sync.Committed;
import dev.quantum.client.sync.RemoteException;
import dev.quantum.client.sync.RemoteServer;
import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.ProtocolException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.EofSensorInputStream;
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
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            HttpPut put = withHeaders(new HttpPut(prefix + target), extra);
            content = new FileBody(channel, channel.size());
            put.setEntity(content);
            response = http.executeOpen(host, put, null);
        } catch (NoSuchFileException e) {
            throw new RemoteException.Stale(path + " vanished locally before it could be uploaded");
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

    /** Closes every connection. */
    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
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
    private String text(ClassicHttpResponse response) throws RemoteException {
        try (response) {
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return "";
            }
            try (InputStream in = entity.getContent()) {
                byte[] kept = in.readNBytes(ERROR_TEXT);
                in.transferTo(OutputStream.nullOutputStream());
                return new String(kept, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private RemoteException refusal(int status, String what, String message) throws RemoteException {
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

    /** The server redirected: not followed here; the JDK's client takes the request. */
    static final class Redirected extends RuntimeException {
        Redirected() {
            super(null, null, false, false);
        }
    }
}
