package dev.quantum.client.remote;

import dev.quantum.client.sync.Committed;
import dev.quantum.client.sync.RemoteException;
import dev.quantum.client.sync.RemoteServer;
import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * File downloads and uploads over {@link BlockingHttp} for a plain {@code http://} server,
 * with the same answers as {@link HttpRemoteServer}'s: 404 on a download and 412 are
 * {@link RemoteException.Stale}, 502–504 and no connection {@link RemoteException.Unavailable},
 * other refusals {@link RemoteException.Rejected}. A redirect is not followed here: the caller
 * sends that request again through the JDK's client ({@link Redirected}). Thread-safe.
 */
final class PlainTransfers {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private static final int ERROR_TEXT = 4096;

    private final BlockingHttp http;
    private final URI base;
    private final String prefix;
    private final Map<String, String> headers;

    private PlainTransfers(URI base, Map<String, String> headers) {
        this.base = base;
        this.http = new BlockingHttp(base.getHost(), base.getPort() < 0 ? 80 : base.getPort(), CONNECT_TIMEOUT, READ_TIMEOUT);
        this.prefix = base.getRawPath() == null ? "" : base.getRawPath();
        this.headers = Map.copyOf(headers);
    }

    /** Transfers for {@code base} when it is plain HTTP; empty for HTTPS. {@code headers} go with every request. */
    static Optional<PlainTransfers> of(URI base, Map<String, String> headers) {
        return "http".equalsIgnoreCase(base.getScheme()) && base.getHost() != null
                ? Optional.of(new PlainTransfers(base, headers)) : Optional.empty();
    }

    /** The body of {@code target} (a raw path below the base). */
    InputStream download(RelativePath path, String target) throws RemoteException {
        BlockingHttp.Response response = send(new BlockingHttp.Request("GET", prefix + target, headers, null));
        if (response.status == 200) {
            return response.body;
        }
        String message = HttpRemoteServer.errorText(text(response));
        if (response.status == 404) {
            throw new RemoteException.Stale(path + " is no longer on the server");
        }
        throw refusal(response.status, "GET " + path, message);
    }

    /** Sends {@code file} to {@code target} with {@code extra} headers (a write: the client id is among them). */
    RemoteServer.Uploaded upload(RelativePath path, String target, Path file, Map<String, String> extra) throws RemoteException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        BlockingHttp.Response response;
        try {
            response = http.send(new BlockingHttp.Request("PUT", prefix + target, all, file));
        } catch (NoSuchFileException e) {
            throw new RemoteException.Stale(path + " vanished locally before it could be uploaded");
        } catch (BlockingHttp.BodyChanged e) {
            throw new RemoteException.Stale(path + " changed locally while it was being uploaded");
        } catch (IOException e) {
            throw unreachable(e);
        }
        String body = text(response);
        if (response.status == 412) {
            throw new RemoteException.Stale(path + " changed on the server");
        }
        if (response.status != 200 && response.status != 201) {
            throw refusal(response.status, "PUT " + path, HttpRemoteServer.errorText(body));
        }
        FileMetadata stored = HttpRemoteServer.decode(() -> JsonCodec.decodeMetadata(JsonCodec.parse(body), "body"), "PUT " + path);
        return new RemoteServer.Uploaded(stored, committed(response));
    }

    private BlockingHttp.Response send(BlockingHttp.Request request) throws RemoteException {
        try {
            return http.send(request);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private String text(BlockingHttp.Response response) throws RemoteException {
        try {
            return response.text(ERROR_TEXT * 64);
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

    private static Committed committed(BlockingHttp.Response response) {
        long first = number(response.header("X-Quantum-First-Seq"));
        long last = number(response.header("X-Quantum-Seq"));
        return first > 0 && last >= first ? new Committed(first, last) : Committed.UNKNOWN;
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text.strip());
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
