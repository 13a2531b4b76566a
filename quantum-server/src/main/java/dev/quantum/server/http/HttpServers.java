package dev.quantum.server.http;

import dev.quantum.core.RelativePath;
import dev.quantum.server.config.HandlerConfig;
import dev.quantum.server.config.ListenAddress;
import dev.quantum.server.config.Route;
import dev.quantum.server.config.ServerConfig;
import dev.quantum.server.store.SyncStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Compiles one configured server into a Jetty {@link Server}: a connector per listen
 * address (HTTPS with a {@code tls} option, see {@link ServerTls}), then graceful-stop
 * tracking, request metrics, {@code /health} and {@code /metrics}, and the routes in order;
 * a request no route takes is a JSON 404.
 */
public final class HttpServers {

    /** Builds the Jetty handler for one configured handler of a route. */
    @FunctionalInterface
    public interface HandlerFactory {
        Handler create(HandlerConfig config, Server server) throws Exception;
    }

    /**
     * Ambiguous path encodings ({@code %2F}, {@code %2E%2E}, empty segments, …) reach the
     * file_sync API, which decodes and rejects bad paths itself with a JSON 400; the
     * static file_server refuses them (see {@link #unambiguousOnly}).
     */
    static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("QUANTUM",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER, UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS,
            UriCompliance.Violation.BAD_UTF8_ENCODING, UriCompliance.Violation.TRUNCATED_UTF8_ENCODING);

    /**
     * During a graceful stop, a connection silent this long is closed: idle keep-alive
     * connections go quickly, an upload that is still streaming is not cut off.
     */
    static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofSeconds(3);

    private HttpServers() {
    }

    /**
     * Bytes read from a connection at a time: an upload body arrives in pieces this big (Jetty's
     * 16 KiB made a 1 GiB upload some 65,000 reads and hand-overs); the buffer is pooled and
     * held only while a connection has unread input.
     */
    static final int INPUT_BUFFER_BYTES = 64 * 1024;

    public static Server build(ServerConfig config, Duration gracePeriod, HandlerFactory factory, List<SyncStore> stores,
                               PrometheusMeterRegistry registry, String version) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http-" + config.name());
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setUriCompliance(URI_COMPLIANCE);
        Optional<SslContextFactory.Server> tls = config.tls().isEmpty() ? Optional.empty()
                : Optional.of(ServerTls.context(config.name(), config.tls().get(), config.listen(),
                        stores.stream().findFirst().map(s -> s.root().resolve(RelativePath.METADATA_DIR).resolve("tls"))));
        if (tls.isPresent()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // clients reach a home server by IP or by a name the certificate may not list
            http.addCustomizer(secure);
        }
        for (ListenAddress address : config.listen()) {
            HttpConnectionFactory h1 = new HttpConnectionFactory(http);
            h1.setInputBufferSize(INPUT_BUFFER_BYTES);
            ServerConnector connector = tls.isPresent()
                    ? new ServerConnector(server, tls.get(), h1)
                    : new ServerConnector(server, h1);
            connector.setHost(address.host().isEmpty() ? null : address.host());
            connector.setPort(address.port());
            connector.setAcceptQueueSize(1024);
            connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
            server.addConnector(connector);
        }
        Handler.Sequence chain = new Handler.Sequence();
        chain.addHandler(new OperationsHandler(stores, registry, version));
        for (Route route : config.routes()) {
            Handler.Sequence handlers = new Handler.Sequence();
            for (HandlerConfig handler : route.handle()) {
                handlers.addHandler(factory.create(handler, server));
            }
            chain.addHandler(new RouteHandler(route.match(), handlers));
        }
        GracefulHandler graceful = new GracefulHandler(new RequestMetrics(registry, chain));
        graceful.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
        server.setHandler(graceful);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(gracePeriod.toMillis());
        server.setStopAtShutdown(false);
        return server;
    }

    /** Wraps a handler that resolves paths itself (static files) so ambiguous URIs get 400 instead. */
    public static Handler unambiguousOnly(Handler handler) {
        return new Handler.Wrapper(handler) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (request.getHttpURI().isAmbiguous()) {
                    Response.writeError(request, response, callback, 400, "ambiguous URI path");
                    return true;
                }
                return super.handle(request, response, callback);
            }
        };
    }
}
