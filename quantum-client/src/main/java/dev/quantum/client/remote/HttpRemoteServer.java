package dev.quantum.client.remote;

import dev.quantum.client.sync.Answer;
import dev.quantum.client.sync.Committed;
import dev.quantum.client.sync.RemoteException;
import dev.quantum.client.sync.RemoteServer;
import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.ChangesPage;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link RemoteServer} over the JDK's HTTP client (HTTP/1.1 with keep-alive, so parallel
 * transfers reuse a few connections); the listing, file downloads and uploads go through
 * {@link Transfers} instead, on the calling thread, with a bound on every wait for the answer
 * and each part of its body (a redirected one is sent again through the JDK's client), and so do
 * batches of small files (their files sent one request each instead after a redirect, and for the
 * rest of the run once the server turns out to have no batch endpoints). Every JSON body
 * goes through {@link JsonCodec}. Thread-safe. Closing it closes the connections of those
 * transfers (not the JDK client, which the caller shares with the WebSocket and owns).
 */
public final class HttpRemoteServer implements RemoteServer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpRemoteServer.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI base;
    private final String clientId;
    private final Optional<String> token;
    private final String userAgent;
    private final Optional<Transfers> transfers;
    /** False once the server answered a batch with 404 or 405 (it predates them): files then go one by one. */
    private final AtomicBoolean batches = new AtomicBoolean(true);

    public HttpRemoteServer(HttpClient http, ServerAddress server, String clientId, Optional<String> token, String version) {
        this(http, server, clientId, token, version, Optional.empty());
    }

    /** As above; with {@code trust}, TLS trusts what it trusts instead of the system's CAs ({@code --ca-cert}). */
    public HttpRemoteServer(HttpClient http, ServerAddress server, String clientId, Optional<String> token, String version,
                            Optional<SSLContext> trust) {
        this.http = http;
        this.base = server.http();
        this.clientId = clientId;
        this.token = token;
        this.userAgent = "realtime-sync-client/" + version;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", userAgent);
        token.ifPresent(t -> headers.put("Authorization", "Bearer " + t));
        this.transfers = Transfers.of(base, headers, trust.orElseGet(LazyTls::context));
    }

    /** The HTTP client a sync run shares between the API and the WebSocket; it loads TLS only for an https:// server. */
    public static HttpClient newClient() {
        return newClient(Optional.empty());
    }

    /** As {@link #newClient()}; with {@code trust}, TLS trusts what it trusts instead of the system's CAs. */
    public static HttpClient newClient(Optional<SSLContext> trust) {
        return HttpClient.newBuilder()
                .sslContext(trust.orElseGet(LazyTls::context))
                .sslParameters(LazyTls.parameters())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Decodes the listing as it arrives: the whole answer (some 175 bytes a file) is never held in memory. */
    @Override
    public Listing list() throws RemoteException {
        if (transfers.isPresent()) {
            try {
                return transfers.get().list("/api/list", METADATA_TIMEOUT);
            } catch (Transfers.Redirected e) {
                // followed by the JDK's client below
            }
        }
        HttpResponse<InputStream> response = send(request("/api/list").timeout(METADATA_TIMEOUT).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw failure(response.statusCode(), "GET /api/list", drain(response.body()));
        }
        long seq = response.headers().firstValueAsLong("X-Quantum-Seq").orElse(0);
        try (InputStream body = response.body()) {
            return new Listing(JsonCodec.decodeMetadataList(body), seq);
        } catch (ProtocolException e) {
            throw new RemoteException.Rejected(200, "/api/list: unexpected answer from the server: " + e.getMessage());
        } catch (IOException e) {
            throw new RemoteException.Unavailable("cannot reach the server at " + base + ": " + describe(e), e);
        }
    }

    @Override
    public ChangesPage changesSince(long since) throws RemoteException {
        List<Change> all = new ArrayList<>();
        long from = since;
        while (true) {
            HttpResponse<String> response = sendText(request("/api/changes?since=" + from).timeout(METADATA_TIMEOUT).GET());
            if (response.statusCode() == 410) {
                throw new RemoteException.Expired("the server no longer keeps changes after " + from);
            }
            expect(response, 200);
            ChangesPage page = decode(() -> JsonCodec.decodeChanges(response.body()), "/api/changes");
            all.addAll(page.changes());
            long last = page.changes().isEmpty() ? page.seq() : page.changes().getLast().seq();
            if (page.changes().isEmpty() || last >= page.seq()) {
                return new ChangesPage(page.seq(), all);
            }
            from = last;
        }
    }

    @Override
    public InputStream download(RelativePath path) throws RemoteException {
        if (transfers.isPresent()) {
            try {
                return transfers.get().download(path, filePath(path));
            } catch (Transfers.Redirected e) {
                // followed by the JDK's client below
            }
        }
        HttpResponse<InputStream> response = send(request(filePath(path)).GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
            return response.body();
        }
        String message = drain(response.body());
        if (response.statusCode() == 404) {
            throw new RemoteException.Stale(path + " is no longer on the server");
        }
        throw failure(response.statusCode(), "GET " + path, message);
    }

    @Override
    public Uploaded upload(RelativePath path, Path file, Optional<String> replacing) throws RemoteException {
        if (transfers.isPresent()) {
            try {
                return transfers.get().upload(path, filePath(path), file, Map.of("X-Client-Id", clientId,
                        replacing.isPresent() ? "If-Match" : "If-None-Match", replacing.map(h -> "\"" + h + "\"").orElse("*")));
            } catch (Transfers.Redirected e) {
                // followed by the JDK's client below
            }
        }
        HashingBody content = new HashingBody(file);
        HttpRequest.BodyPublisher body;
        try {
            body = content.publisher();
        } catch (IOException e) {
            throw new RemoteException.Stale(path + " vanished locally before it could be uploaded (" + e.getMessage() + ")");
        }
        HttpRequest.Builder put = writeRequest(filePath(path)).PUT(body);
        if (replacing.isPresent()) {
            put.header("If-Match", "\"" + replacing.get() + "\"");
        } else {
            put.header("If-None-Match", "*");
        }
        HttpResponse<String> response = sendText(put);
        if (response.statusCode() == 412) {
            throw new RemoteException.Stale(path + " changed on the server");
        }
        expect(response, 200, 201);
        FileMetadata stored = decode(() -> JsonCodec.decodeMetadata(JsonCodec.parse(response.body()), "body"), "PUT " + path);
        return new Uploaded(stored, committed(response), content.sentHash());
    }

    /**
     * One request for all of {@code paths} when the server takes batches; else (an older
     * server, remembered for the rest of the run, or a redirect) one request each.
     */
    @Override
    public void downloadAll(List<RelativePath> paths, Receiver receiver) throws RemoteException.Unavailable {
        Optional<Boolean> sent = batched("Downloaded", paths.size(), t -> {
            t.downloadAll(paths, "/api/batch/download", receiver);
            return true;
        });
        if (sent.isEmpty()) {
            RemoteServer.super.downloadAll(paths, receiver);
        }
    }

    /**
     * One request for all of {@code uploads} when the server takes batches; else (an older
     * server, remembered for the rest of the run, a file over its size limit, or a redirect)
     * one request each.
     */
    @Override
    public List<Answer<Uploaded>> uploadAll(List<Upload> uploads) throws RemoteException.Unavailable {
        Optional<List<Answer<Uploaded>>> answers = batched("Uploaded", uploads.size(),
                t -> t.uploadAll(uploads, "/api/batch/upload", Map.of("X-Client-Id", clientId)));
        return answers.isPresent() ? answers.get() : RemoteServer.super.uploadAll(uploads);
    }

    /** One batch exchange through {@link Transfers}. */
    private interface Batch<T> {
        T exchange(Transfers transfers) throws RemoteException.Unavailable;
    }

    /** What {@code batch} gave, or empty when its files must go one request each instead. */
    private <T> Optional<T> batched(String did, int files, Batch<T> batch) throws RemoteException.Unavailable {
        if (!batches.get() || transfers.isEmpty()) {
            return Optional.empty();
        }
        try {
            long started = System.nanoTime();
            T result = batch.exchange(transfers.get());
            LOG.debug("{} {} files in one batch ({} µs)", did, files, (System.nanoTime() - started) / 1000);
            return Optional.of(result);
        } catch (Transfers.Redirected e) {
            return Optional.empty(); // each request is then followed by the JDK's client
        } catch (Transfers.NoBatch e) {
            if (!e.lasting()) {
                LOG.debug("Sending one by one what the server did not take in one batch: {}", e.getMessage());
            } else if (batches.compareAndSet(true, false)) {
                LOG.debug("The server takes no batches ({}); every file goes in a request of its own", e.getMessage());
            }
            return Optional.empty();
        }
    }

    @Override
    public Committed delete(RelativePath path, Optional<String> expectedHash) throws RemoteException {
        HttpRequest.Builder delete = writeRequest(filePath(path)).DELETE();
        expectedHash.ifPresent(h -> delete.header("If-Match", "\"" + h + "\""));
        HttpResponse<String> response = sendText(delete);
        if (response.statusCode() == 412) {
            throw new RemoteException.Stale(path + " changed on the server");
        }
        if (response.statusCode() == 404) {
            return Committed.UNKNOWN;
        }
        expect(response, 200, 204);
        return committed(response);
    }

    @Override
    public Committed mkdir(RelativePath path) throws RemoteException {
        HttpResponse<String> response = sendText(writeRequest("/api/mkdir/" + UriPaths.encode(path))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(response, 200, 201, 204);
        return committed(response);
    }

    @Override
    public Committed move(RelativePath from, RelativePath to) throws RemoteException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("from", from.value());
        body.put("to", to.value());
        HttpResponse<String> response = sendText(writeRequest("/api/move")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonCodec.toJson(body))));
        if (response.statusCode() == 404 || response.statusCode() == 409 || response.statusCode() == 412) {
            throw new RemoteException.Stale("cannot move " + from + " to " + to + ": " + errorText(response.body()));
        }
        expect(response, 200, 201, 204);
        return committed(response);
    }

    @Override
    public void close() {
        transfers.ifPresent(Transfers::close);
    }

    /** The seqs a write committed, from {@code X-Quantum-First-Seq} and {@code X-Quantum-Seq}. */
    private static Committed committed(HttpResponse<?> response) {
        long first = response.headers().firstValueAsLong("X-Quantum-First-Seq").orElse(0);
        long last = response.headers().firstValueAsLong("X-Quantum-Seq").orElse(0);
        return first > 0 && last >= first ? new Committed(first, last) : Committed.UNKNOWN;
    }

    private static String filePath(RelativePath path) {
        return "/api/files/" + UriPaths.encode(path);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("User-Agent", userAgent);
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private HttpRequest.Builder writeRequest(String path) {
        return request(path).header("X-Client-Id", clientId);
    }

    private HttpResponse<String> sendText(HttpRequest.Builder request) throws RemoteException {
        return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler) throws RemoteException {
        HttpRequest request = builder.build();
        try {
            HttpResponse<T> response = http.send(request, handler);
            int status = response.statusCode();
            if (status == 502 || status == 503 || status == 504) {
                throw new RemoteException.Unavailable("the server answered " + status + " to " + request.method()
                        + " " + request.uri().getRawPath(), null);
            }
            return response;
        } catch (IOException e) {
            throw new RemoteException.Unavailable("cannot reach the server at " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException.Unavailable("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, int... statuses) throws RemoteException {
        for (int s : statuses) {
            if (response.statusCode() == s) {
                return;
            }
        }
        throw failure(response.statusCode(), response.request().method() + " " + response.request().uri().getRawPath(),
                errorText(response.body()));
    }

    static RemoteException failure(int status, String what, String message) {
        return new RemoteException.Rejected(status, what + " failed: " + status + (message.isEmpty() ? "" : " " + message));
    }

    interface Decoder<T> {
        T decode();
    }

    static <T> T decode(Decoder<T> decoder, String what) throws RemoteException {
        try {
            return decoder.decode();
        } catch (ProtocolException e) {
            throw new RemoteException.Rejected(200, what + ": unexpected answer from the server: " + e.getMessage());
        }
    }

    static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            var node = JsonCodec.parse(body);
            if (node.has("error")) {
                return node.get("error").asString();
            }
        } catch (ProtocolException e) {
            // not JSON; show the start of it
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body.strip();
    }

    private static String drain(InputStream in) {
        try (in) {
            return errorText(new String(in.readNBytes(4096), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName() + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
        }
        return message;
    }
}
