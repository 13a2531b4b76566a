package dev.quantum.server;

import dev.quantum.server.api.ApiMetrics;
import dev.quantum.server.api.Authenticator;
import dev.quantum.server.api.FileSyncHandler;
import dev.quantum.server.api.WebUi;
import dev.quantum.server.api.WsEndpoint;
import dev.quantum.server.config.FileServerConfig;
import dev.quantum.server.config.FileSyncConfig;
import dev.quantum.server.config.HandlerConfig;
import dev.quantum.server.config.QuantumConfig;
import dev.quantum.server.config.ServerConfig;
import dev.quantum.server.http.HttpServers;
import dev.quantum.server.store.SyncStore;
import dev.quantum.server.sync.ChangeFeed;
import dev.quantum.server.ws.HubSettings;
import dev.quantum.server.ws.WebSocketHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Quantum server: one {@link SyncStore} (with its watcher and maintenance)
 * per distinct file_sync root, one Jetty server per configured server, the /ws hubs and
 * the meter registry. {@link #start} reconciles every root with its disk before the
 * first request; {@link #close} stops gracefully (in-flight requests get the grace
 * period) and then closes the stores; WebSocket clients are told first (1001 going
 * away), so they reconnect later and catch up with {@code since}. Thread-safe.
 */
public final class QuantumServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuantumServer.class);

    private final QuantumConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Path, RootService> roots = new LinkedHashMap<>();
    private final List<Server> servers = new ArrayList<>();
    private final List<AutoCloseable> endpoints = new ArrayList<>();
    private final Map<List<Object>, WsEndpoint> hubs = new java.util.HashMap<>();
    private final ApiMetrics apiMetrics = ApiMetrics.register(registry);
    private final WebUi webUi = new WebUi();

    private QuantumServer(QuantumConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    /** Opens every root, reconciles it with its disk, and starts listening. */
    public static QuantumServer start(QuantumConfig config, Clock clock) throws Exception {
        QuantumServer server = new QuantumServer(config, clock);
        try {
            server.startAll();
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Counter committed = Counter.builder("quantum.changes.committed").description("changes committed to the log")
                .register(registry);
        for (ServerConfig serverConfig : config.servers().values()) {
            for (var route : serverConfig.routes()) {
                for (HandlerConfig handler : route.handle()) {
                    if (handler instanceof FileSyncConfig sync) {
                        root(sync, committed);
                    }
                }
            }
        }
        List<SyncStore> stores = roots.values().stream().map(RootService::store).toList();
        for (ServerConfig serverConfig : config.servers().values()) {
            servers.add(HttpServers.build(serverConfig, config.gracePeriod(), this::handler, stores, registry, Version.current()));
        }
        for (Server server : servers) {
            server.start();
        }
    }

    private RootService root(FileSyncConfig sync, Counter committed) throws Exception {
        Path key = Path.of(sync.root()).toAbsolutePath().normalize();
        RootService existing = roots.get(key);
        if (existing != null) {
            return existing;
        }
        RootService service = RootService.open(key, sync, clock);
        service.store().subscribe(change -> committed.increment());
        roots.put(key, service);
        return service;
    }

    private Handler handler(HandlerConfig config, Server server) throws Exception {
        return switch (config) {
            case FileSyncConfig sync -> {
                Path rootPath = Path.of(sync.root()).toAbsolutePath().normalize();
                RootService root = roots.get(rootPath);
                WsEndpoint ws = webSocketEndpoint(rootPath, root.store().feed(sync.enableUpload()), sync, server);
                yield new FileSyncHandler(root.store(), sync.enableUpload(), sync.maxFileSize(),
                        sync.auth().map(a -> new Authenticator(a, clock)), ws, webUi, apiMetrics);
            }
            case FileServerConfig files -> {
                ResourceHandler resources = new ResourceHandler();
                resources.setBaseResource(ResourceFactory.of(server).newResource(Path.of(files.root()).toAbsolutePath().normalize()));
                resources.setWelcomeFiles(files.indexNames());
                resources.setDirAllowed(false);
                yield HttpServers.unambiguousOnly(resources);
            }
        };
    }

    /**
     * The /ws hub of a file_sync handler, installed on {@code server} before it starts;
     * handlers of one server with the same root and settings (e.g. the seeds' route plus
     * a {@code /*} route for the UI) share one hub.
     */
    private WsEndpoint webSocketEndpoint(Path root, ChangeFeed feed, FileSyncConfig sync, Server server) {
        HubSettings settings = new HubSettings(sync.heartbeatInterval(), sync.connectionTimeout(),
                sync.staleSweepInterval(), sync.maxFrameSize(), sync.sendQueueLimit(), sync.allowedOrigins(),
                sync.maxMessagesPerSecond(), sync.maxConnections());
        List<Object> key = List.of(server, root, settings, sync.enableUpload());
        WsEndpoint existing = hubs.get(key);
        if (existing != null) {
            return existing;
        }
        WebSocketHub hub = new WebSocketHub(feed, settings, clock, registry);
        endpoints.add(hub);
        hub.install(server);
        WsEndpoint endpoint = hub::handle;
        hubs.put(key, endpoint);
        return endpoint;
    }

    /** The base URI of every connector, e.g. {@code http://127.0.0.1:8080} ({@code https://} with TLS). */
    public List<URI> uris() {
        List<URI> out = new ArrayList<>();
        for (Server server : servers) {
            for (Connector connector : server.getConnectors()) {
                if (connector instanceof ServerConnector c) {
                    String host = c.getHost() == null ? "localhost" : c.getHost();
                    host = host.contains(":") ? "[" + host + "]" : host;
                    String scheme = c.getConnectionFactory(SslConnectionFactory.class) == null
                            ? "http" : "https";
                    out.add(URI.create(scheme + "://" + host + ":" + c.getLocalPort()));
                }
            }
        }
        return out;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The store of each file_sync root, by absolute root path. */
    public Map<Path, SyncStore> stores() {
        Map<Path, SyncStore> out = new LinkedHashMap<>();
        roots.forEach((path, root) -> out.put(path, root.store()));
        return out;
    }

    /** Blocks until every Jetty server has stopped. */
    public void join() throws InterruptedException {
        for (Server server : servers) {
            server.join();
        }
    }

    @Override
    public void close() {
        endpoints.forEach(QuantumServer::closeQuietly);
        for (Server server : servers) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("stopping the HTTP server: {}", e.toString());
            }
        }
        roots.values().forEach(QuantumServer::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing {}: {}", closeable, e.toString());
        }
    }
}
