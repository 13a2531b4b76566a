package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.server.sync.ChangeFeed;
import dev.quantum.server.sync.ChangesExpiredException;
import dev.quantum.server.sync.OperationRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The /ws endpoint of one file_sync root: upgrades requests, keeps the set of
 * connections, replays the change log to subscribers that give {@code since} and fans
 * every committed change out to the others, off the committing thread. Also sends
 * heartbeats and closes silent connections. Thread-safe.
 */
public final class WebSocketHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("quantum.ws");
    private static final int REPLAY_BATCH = 512;

    private final ChangeFeed feed;
    private final HubSettings settings;
    private final Clock clock;
    private final HubMetrics metrics;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Fanout fanout;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final AutoCloseable feedSubscription;
    private final OriginPolicy origins;
    private final AtomicInteger nextLane = new AtomicInteger();
    private ServerWebSocketContainer container;

    public WebSocketHub(ChangeFeed feed, HubSettings settings, Clock clock, MeterRegistry registry) {
        this.feed = feed;
        this.settings = settings;
        this.clock = clock;
        this.metrics = new HubMetrics(registry, connections::size);
        this.origins = new OriginPolicy(settings.allowedOrigins());
        this.fanout = new Fanout(connections, metrics, Fanout.defaultLanes());
        this.workers = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("ws-worker-", 0).daemon().factory());
        this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ws-timer").daemon().factory());
        this.feedSubscription = feed.subscribe(fanout::publish);
    }

    /** Creates the WebSocket container on {@code server}; call once, before the server starts. */
    public void install(Server server) {
        container = ServerWebSocketContainer.ensure(server);
        container.setMaxTextMessageSize(settings.maxFrameBytes());
        container.setMaxBinaryMessageSize(settings.maxFrameBytes());
        container.setMaxFrameSize(settings.maxFrameBytes());
        container.setIdleTimeout(settings.connectionTimeout().plus(settings.staleSweepInterval()));
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
        if (container == null) {
            throw new IllegalStateException("WebSocketHub.install(server) was not called");
        }
        if (!origins.allows(request)) {
            Response.writeError(request, response, callback, 403, "origin not allowed on /ws");
            return true;
        }
        Request handshake = Handshakes.withDefaultVersion(request);
        boolean upgraded = container.upgrade((rq, rs, cb) -> {
            rs.setExtensions(List.of());
            return new Connection(this, Math.floorMod(nextLane.getAndIncrement(), fanout.lanes()));
        }, handshake, response, callback);
        if (!upgraded) {
            Response.writeError(request, response, callback, 400,
                    "this is the WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)");
        }
        return true;
    }

    /** Number of open connections. */
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public void close() {
        try {
            feedSubscription.close();
        } catch (Exception e) {
            LOG.debug("closing the change feed subscription failed", e);
        }
        for (Connection c : connections) {
            c.close(StatusCode.SHUTDOWN, "server shutting down");
        }
        fanout.close();
        timers.shutdownNow();
        workers.shutdownNow();
    }

    // ---- called by connections -----------------------------------------------------

    void opened(Connection connection) {
        connections.add(connection);
        metrics.opened();
    }

    void closed(Connection connection, int status, String reason) {
        if (connections.remove(connection)) {
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
        long head = feed.head();
        Long since = subscribe.since();
        boolean replay = since != null && since < head;
        connection.subscribe(id, paths, replay ? since : head, replay);
        connection.send(JsonCodec.encode(new Message.Ack("subscribe", head)));
        if (since != null && since > head) {
            connection.sendError("since " + since + " is ahead of the log head " + head
                    + " (was the server reset?); do a full list");
        }
        LOG.info("WebSocket client {} connected and subscribed", id);
        if (replay) {
            workers.execute(() -> replay(connection));
        }
    }

    private void replay(Connection connection) {
        try {
            List<Change> batch;
            do {
                batch = feed.changesAfter(connection.lastSentSeq(), REPLAY_BATCH);
                for (Change change : batch) {
                    connection.replay(change, null);
                }
            } while (batch.size() == REPLAY_BATCH && connection.isOpen());
            connection.finishReplay();
        } catch (ChangesExpiredException e) {
            connection.sendError(e.getMessage());
            connection.close(StatusCode.POLICY_VIOLATION, "since is older than the retained log; do a full list");
        } catch (RuntimeException e) {
            LOG.warn("replay to WebSocket client {} failed", connection.clientId(), e);
            connection.close(StatusCode.SERVER_ERROR, "replay failed");
        }
    }

    void submit(Connection connection, Message.FileOperation message) {
        String source = connection.clientId() != null ? connection.clientId() : message.sourceClient();
        workers.execute(() -> {
            try {
                Optional<Change> committed = feed.submit(message.operation(), source);
                long seq = committed.map(Change::seq).orElseGet(feed::head);
                connection.send(JsonCodec.encode(new Message.Ack("file_operation", seq)));
            } catch (OperationRejectedException e) {
                connection.sendError(e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("operation from WebSocket client {} failed", source, e);
                connection.sendError("the server could not apply the operation: " + e.getMessage());
            }
        });
    }

    /** Drops the socket of a connection that was asked to close, in case its peer never answers. */
    void disconnectLater(Session session) {
        try {
            timers.schedule(session::disconnect, 2, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            session.disconnect();
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

    static String encode(Change change) {
        return JsonCodec.encode(new Message.FileOperation(change.operation(), change.sourceClient(), change.seq()));
    }

    // ---- timers ----------------------------------------------------------------------

    private void heartbeat() {
        for (Connection c : connections) {
            c.ping();
        }
    }

    /** Closes connections silent for longer than the connection timeout; drops dead ones. */
    void sweep() {
        long now = nanoTime();
        long timeout = settings.connectionTimeout().toNanos();
        for (Connection c : connections) {
            if (!c.isOpen()) {
                connections.remove(c);
                metrics.closed();
                LOG.debug("Cleaned up stale WebSocket client: {}", c.clientId());
            } else if (now - c.lastHeardNanos() > timeout) {
                LOG.debug("Cleaned up stale WebSocket client: {}", c.clientId());
                c.close(StatusCode.NORMAL, "connection timed out");
            }
        }
    }
}
