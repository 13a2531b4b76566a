package dev.quantum.bench.cases;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The harness's HTTP calls to the server's file_sync API (JDK client, HTTP/1.1). */
final class Http {

    static final String UPLOADER = "bench-uploader";
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    /** PUT /api/files/{path}; fails unless 200 or 201. A refused connection is retried twice (a busy accept queue). */
    void put(String path, byte[] body) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                putOnce(path, body);
                return;
            } catch (java.net.ConnectException e) {
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(100L * attempt);
            }
        }
    }

    private void putOnce(String path, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/api/files/" + path))
                .timeout(Duration.ofSeconds(60)).header("X-Client-Id", UPLOADER)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IOException("PUT " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** GET /api/list's body. */
    String list() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/api/list"))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /api/list answered " + r.statusCode());
        }
        return r.body();
    }
}
