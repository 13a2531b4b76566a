package dev.quantum.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Another client of the same server, talking plain HTTP as a script or the sync client would. */
final class HttpPeer {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    HttpPeer(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Uploads {@code content} to {@code path}; returns the status code. */
    int put(String path, byte[] content) {
        return send(HttpRequest.newBuilder(file(path)).PUT(HttpRequest.BodyPublishers.ofByteArray(content))).statusCode();
    }

    int delete(String path) {
        return send(HttpRequest.newBuilder(file(path)).DELETE()).statusCode();
    }

    /** The content at {@code path}, or null when the server answers 404. */
    byte[] get(String path) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(file(path)).GET());
        return response.statusCode() == 404 ? null : response.body();
    }

    /** The raw JSON of {@code GET /api/list}. */
    String list() {
        return new String(send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/list")).GET()).body(),
                StandardCharsets.UTF_8);
    }

    private URI file(String path) {
        String encoded = Arrays.stream(path.split("/"))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        return URI.create(baseUrl + "/api/files/" + encoded);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
