package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import dev.quantum.protocol.Message;
import dev.quantum.server.api.WsEndpoint;
import dev.quantum.server.sync.ChangeFeed;
import dev.quantum.server.sync.OperationRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The /ws endpoint of one file_sync root: upgrades requests, keeps the set of
 * connections, replays the change log to subscribers that give {@code since} and fans
 * every committed change out to the others, off the committing thread. Also sends
 * heartbeats and closes silent connections. Serves /ws on Jetty's core WebSocket API:
 * once upgraded, nothing of the HTTP request is kept, only the core session and our
 * {@link Connection}. Thread-safe.
 */
public final class WebSocketHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("quantum.ws");
    /** Frames of a replay are queued and written together in buffers of this size. */
    private static final int OUTPUT_BUFFER_BYTES = 32 * 1024;

    private final ChangeFeed feed;
    private final HubSettings settings;
    private final Clock clock;
    private final HubMetrics metrics;
    private final Fanout fanout;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final AutoCloseable feedSubscription;
    private final OriginPolicy origins;
    private final AtomicInteger nextLane = new AtomicInteger();
    private final Handshaker handshaker = Handshaker.newInstance();
    private final WebSocketNegotiator negotiator;
    private final Configuration.Customizer limits = this::configure;
    private WebSocketComponents components;

    public WebSocketHub(ChangeFeed feed, HubSettings settings, Clock clock, MeterRegistry registry) {
        this.feed = feed;
        this.settings = settings;
        this.clock = clock;
        this.metrics = new HubMetrics(registry, this::connectionCount);
        this.origins = new OriginPolicy(settings.allowedOrigins());
        this.fanout = new Fanout(metrics, feed, settings.maxFrameBytes(), Fanout.defaultLanes(), Fanout.DIRECT_LIMIT);
        this.negotiator = (request, response, callback) -> {
            response.setExtensions(List.of());
            boolean readOnly = Boolean.TRUE.equals(request.getAttribute(WsEndpoint.READ_ONLY));
            return new Connection(this, Math.floorMod(nextLane.getAndIncrement(), fanout.lanes()), !readOnly);
        };
        this.workers = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("ws-worker-", 0).daemon().factory());
        this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ws-timer").daemon().factory());
        this.feedSubscription = feed.subscribe(fanout::publish);
    }

    /** Adds the WebSocket components to {@code server} and starts the timers; call once, before the server starts. */
    public void install(Server server) {
        components = WebSocketServerComponents.ensureWebSocketComponents(server);
        long beat = settings.heartbeatInterval().toMillis();
        long sweep = settings.staleSweepInterval().toMillis();
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * Upgrades a /ws request to a WebSocket. A request that is not a handshake, or comes
     * from a browser origin that is not allowed, is answered here with an error status.
     */
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (components == null) {
            throw new IllegalStateException("WebSocketHub.install(server) was not called");
        }
        if (!origins.allows(request)) {
            Response.writeError(request, response, callback, 403, "origin not allowed on /ws");
            return true;
        }
        if (settings.maxConnections() > 0 && fanout.size() >= settings.maxConnections()) {
            metrics.refusedForLimit();
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "30");
            Response.writeError(request, response, callback, 503, "this server already holds its "
                    + settings.maxConnections() + " WebSocket connections (max_connections); retry later");
            return true;
        }
        Request handshake = Handshakes.withDefaultVersion(request);
        boolean upgraded = handshaker.upgradeRequest(negotiator, handshake, response, callback, components, limits);
        if (!upgraded) {
            Response.writeError(request, response, callback, 400,
                    "this is the WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)");
        }
        return true;
    }

    /** Limits of each connection: frames and messages up to the frame limit (1009 beyond), no auto-fragmenting. */
    private void configure(Configuration configuration) {
        configuration.setMaxFrameSize(settings.maxFrameBytes());
        configuration.setAutoFragment(false);
        configuration.setMaxTextMessageSize(settings.maxFrameBytes());
        configuration.setMaxBinaryMessageSize(settings.maxFrameBytes());
        configuration.setOutputBufferSize(OUTPUT_BUFFER_BYTES);
        configuration.setIdleTimeout(settings.connectionTimeout().plus(settings.staleSweepInterval()));
    }

    /** Number of open connections. */
    public int connectionCount() {
        return fanout.size();
    }

    @Override
    public void close() {
        try {
            feedSubscription.close();
        } catch (Exception e) {
            LOG.debug("closing the change feed subscription failed", e);
        }
        fanout.forEach(c -> c.close(CloseStatus.SHUTDOWN, "server shutting down"));
        fanout.close();
        timers.shutdownNow();
        workers.shutdownNow();
    }

    // ---- called by connections -----------------------------------------------------

    void opened(Connection connection) {
        fanout.add(connection);
        metrics.opened();
    }

    void closed(Connection connection, int status, String reason) {
        if (fanout.remove(connection)) {
            metrics.closed();
            if (connection.clientId() != null) {
                LOG.info("Client {} disconnected", connection.clientId());
            } else {
                LOG.debug("WebSocket connection closed before subscribing ({} {})", status, reason);
            }
        }
    }

    void failed(Connection connection, Throwable cause) {
        LOG.debug("WebSocket client {} failed: {}", connection.clientId(), cause.toString());
    }

    void subscribe(Connection connection, Message.Subscribe subscribe) {
        PathGlob paths;
        try {
            paths = PathGlob.of(subscribe.paths());
        } catch (IllegalArgumentException e) {
            connection.sendError(e.getMessage());
            return;
        }
        String id = subscribe.clientId();
        if (id.isBlank() || id.length() > 256) {
            connection.sendError("client_id: must be 1 to 256 characters");
            return;
        }
        Subscription subscription = connection.subscribe(id, paths, subscribe.inline() == null ? 0 : subscribe.inline());
        long head = feed.head();
        Long since = subscribe.since();
        connection.send(new Message.Ack("subscribe", head));
        if (since != null && since > head) {
            connection.sendError("since " + since + " is ahead of the log head " + head
                    + " (was the server reset?); do a full list");
        }
        LOG.info("WebSocket client {} connected and subscribed", id);
        if (since != null && since < head) {
            subscription.replayFrom(since);
            workers.execute(new Replay(feed, connection, subscription, workers));
        } else {
            subscription.goLive(head);
        }
    }

    void submit(Connection connection, Message.FileOperation message) {
        String source = connection.clientId() != null ? connection.clientId() : message.sourceClient();
        workers.execute(() -> {
            try {
                Optional<Change> committed = feed.submit(message.operation(), source);
                long seq = committed.map(Change::seq).orElseGet(feed::head);
                connection.send(new Message.Ack("file_operation", seq));
            } catch (OperationRejectedException e) {
                connection.sendError(e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("operation from WebSocket client {} failed", source, e);
                connection.sendError("the server could not apply the operation: " + e.getMessage());
            }
        });
    }

    /** Runs {@link Connection#flushPongs} on a worker, after the reading thread has parsed what it has. */
    void flushSoon(Connection connection) {
        try {
            workers.execute(connection::flushPongs);
        } catch (RejectedExecutionException e) {
            connection.flushPongs();
        }
    }

    /** Drops the socket of a connection that was asked to close, in case its peer never answers. */
    void disconnectLater(CoreSession session) {
        try {
            timers.schedule(session::abort, 2, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            session.abort();
        }
    }

    HubSettings settings() {
        return settings;
    }

    HubMetrics metrics() {
        return metrics;
    }

    Logger log() {
        return LOG;
    }

    long nanoTime() {
        return clock.millis() * 1_000_000L;
    }

    // ---- timers ----------------------------------------------------------------------

    private void heartbeat() {
        fanout.forEach(Connection::ping);
    }

    /** Closes connections silent for longer than the connection timeout; drops dead ones. */
    void sweep() {
        long now = nanoTime();
        long timeout = settings.connectionTimeout().toNanos();
        fanout.forEach(c -> {
            if (!c.isOpen()) {
                if (fanout.remove(c)) {
                    metrics.closed();
                }
                LOG.debug("Cleaned up stale WebSocket client: {}", c.clientId());
            } else if (now - c.lastHeardNanos() > timeout) {
                LOG.debug("Cleaned up stale WebSocket client: {}", c.clientId());
                c.close(CloseStatus.NORMAL, "connection timed out");
            }
        });
    }
}
