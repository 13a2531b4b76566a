package dev.quantum.bench.cases;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The harness's HTTP calls to the server's file_sync API: Apache HttpClient 5 classic
 * over pooled keep-alive HTTP/1.1 connections, each call on the calling thread (as the
 * sync client does), where the JDK client handed every request over between several
 * threads. The push figure uses the leaner {@link RawHttpPut}.
 */
final class Http {

    static final String UPLOADER = "bench-uploader";
    private static final int CONNECTIONS = 16;
    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(CONNECTIONS).setMaxConnTotal(CONNECTIONS)
                    .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(Timeout.ofSeconds(120)).build())
                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10))
                            .setSocketTimeout(Timeout.ofSeconds(120)).build())
                    .build())
            .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().disableAuthCaching()
            .disableConnectionState().disableContentCompression().disableDefaultUserAgent()
            .build();
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

    private void putOnce(String path, byte[] body) throws IOException {
        HttpPut put = new HttpPut(base.resolve("/api/files/" + path));
        put.setHeader("X-Client-Id", UPLOADER);
        put.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
        client.execute(put, (ClassicHttpResponse r) -> {
            String answer = r.getEntity() == null ? "" : EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8);
            if (r.getCode() != 200 && r.getCode() != 201) {
                throw new IOException("PUT " + path + " answered " + r.getCode() + ": " + answer);
            }
            return null;
        });
    }

    /** GET /api/list's body. */
    String list() throws IOException {
        return client.execute(new HttpGet(base.resolve("/api/list")), (ClassicHttpResponse r) -> {
            String answer = EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8);
            if (r.getCode() != 200) {
                throw new IOException("GET /api/list answered " + r.getCode());
            }
            return answer;
        });
    }
}
