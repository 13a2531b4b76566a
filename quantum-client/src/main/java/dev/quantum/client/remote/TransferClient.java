package dev.quantum.client.remote;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The blocking HTTP/1.1 client (Apache HttpClient 5, classic) that {@link Transfers} sends
 * files with: each request runs on the calling thread over a pooled keep-alive connection,
 * with no redirects, cookies, authentication state or compression. TLS connections check the
 * server's certificate and host name against the given context's trust. A request is sent again
 * (once) only when it got no answer on a reused connection, which the server may have closed
 * while it was idle.
 */
final class TransferClient {

    static final int MAX_CONNECTIONS = 16;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(5);
    private static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofSeconds(2);

    private TransferClient() {
    }

    /** A new client trusting what the JDK trusts (loaded on the first TLS connection); the caller closes it. */
    static CloseableHttpClient create() {
        return create(LazyTls.context());
    }

    /** A new client whose TLS connections trust what {@code tls} trusts; the caller closes it. */
    static CloseableHttpClient create(SSLContext tls) {
        Timeout response = Timeout.of(RESPONSE_TIMEOUT);
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(response).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                        .setSocketTimeout(response)
                        .setValidateAfterInactivity(VALIDATE_AFTER_IDLE)
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(requestConfig(RESPONSE_TIMEOUT))
                .setRetryStrategy(new UnansweredOnReusedConnection())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
                .disableDefaultUserAgent()
                .build();
    }

    /** Every request's settings, with {@code responseTimeout} as the longest wait for the answer or any part of its body. */
    static RequestConfig requestConfig(Duration responseTimeout) {
        return RequestConfig.custom()
                .setResponseTimeout(Timeout.of(responseTimeout))
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .build();
    }

    /**
     * Every request's settings, but the body waits for the server's {@code 100 Continue} (or
     * its final answer, which then goes without the body).
     */
    static RequestConfig expectingContinue() {
        return RequestConfig.copy(requestConfig(RESPONSE_TIMEOUT)).setExpectContinueEnabled(true).build();
    }

    /**
     * Retries once a request that failed on a connection that had carried an earlier exchange,
     * before any answer to it came; never after a timeout, a refused connection or a body
     * that changed while it was sent, and never because of an answer.
     */
    static final class UnansweredOnReusedConnection implements HttpRequestRetryStrategy {

        @Override
        public boolean retryRequest(HttpRequest request, IOException failure, int execCount, HttpContext context) {
            if (execCount > 1 || failure instanceof FileBody.Changed || failure instanceof InterruptedIOException
                    || failure instanceof ConnectException) {
                return false;
            }
            EndpointDetails endpoint = HttpCoreContext.cast(context).getEndpointDetails();
            return endpoint != null && endpoint.getRequestCount() > 1 && endpoint.getResponseCount() < endpoint.getRequestCount();
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }

        @Override
        public TimeValue getRetryInterval(HttpRequest request, IOException failure, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }
    }
}
