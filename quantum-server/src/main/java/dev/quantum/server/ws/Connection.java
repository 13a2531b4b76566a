package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One /ws connection: reads the client's messages and delivers changes to it in
 * {@code seq} order, never one it already has and never one its client sent. Jetty calls
 * the listener methods one at a time; {@link #deliver} is called by the hub's fan-out
 * thread and the replay task, which synchronise on this object. Kept small: there may be
 * tens of thousands of these.
 */
public final class Connection implements Session.Listener.AutoDemanding {

    /** Replaying the log to a subscriber that gave {@code since}; live changes wait in {@link #backlog}. */
    private static final int REPLAYING = 1;
    private static final int LIVE = 2;
    /** Encoded once: answering a Ping must not build a JSON tree per message (one busy connection sends tens of thousands). */
    private static final String PONG = JsonCodec.encode(new Message.Pong());

    private final WebSocketHub hub;
    private final int lane;
    private volatile Session session;
    private volatile String clientId;
    private volatile long lastHeardNanos;
    private final AtomicInteger pendingSends = new AtomicInteger();
    private int state;
    private long lastSentSeq;
    private PathGlob filter = PathGlob.ALL;
    private List<Change> backlog;
    private int windowStartSecond;
    private int messagesInWindow;

    Connection(WebSocketHub hub, int lane) {
        this.hub = hub;
        this.lane = lane;
        this.lastHeardNanos = hub.nanoTime();
    }

    /** The fan-out lane that delivers to this connection, fixed for its life. */
    int lane() {
        return lane;
    }

    String clientId() {
        return clientId;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen();
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        hub.opened(this);
    }

    @Override
    public void onWebSocketText(String text) {
        lastHeardNanos = hub.nanoTime();
        hub.metrics().received();
        if (overRate()) {
            close(StatusCode.POLICY_VIOLATION, "message rate limit exceeded");
            return;
        }
        Message message;
        try {
            message = JsonCodec.decodeMessage(text);
        } catch (ProtocolException e) {
            sendError(e.getMessage());
            return;
        }
        switch (message) {
            case Message.Subscribe s -> hub.subscribe(this, s);
            case Message.Ping p -> send(PONG);
            case Message.FileOperation f -> hub.submit(this, f);
            case Message.Pong p -> {
                // a client answering a Ping we never send as JSON: harmless, it only proves liveness
            }
            case Message.Ack a -> sendError("Ack is a server message; clients do not send it");
            case Message.Error e -> sendError("Error is a server message; clients do not send it");
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        lastHeardNanos = hub.nanoTime();
        callback.succeed();
        sendError("binary frames are not part of the protocol; send JSON text frames");
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastHeardNanos = hub.nanoTime();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        lastHeardNanos = hub.nanoTime();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        hub.closed(this, statusCode, reason);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        hub.failed(this, cause);
    }

    /** Starts a subscription: live from {@code head}, or replaying everything after {@code since}. */
    synchronized void subscribe(String id, PathGlob paths, long from, boolean replay) {
        clientId = id;
        filter = paths;
        lastSentSeq = from;
        state = replay ? REPLAYING : LIVE;
        backlog = replay ? new ArrayList<>() : null;
    }

    synchronized long lastSentSeq() {
        return lastSentSeq;
    }

    /** Called with each replayed change, in order, while replaying. */
    synchronized void replay(Change change, String encoded) {
        if (state == REPLAYING && change.seq() > lastSentSeq) {
            sendChange(change, encoded);
        }
    }

    /** Ends the replay: sends what arrived live meanwhile and goes live. */
    synchronized void finishReplay() {
        if (state != REPLAYING) {
            return;
        }
        List<Change> waiting = backlog;
        backlog = null;
        state = LIVE;
        for (Change change : waiting) {
            deliver(change, null);
        }
    }

    /** Called by the fan-out for every committed change, in {@code seq} order. */
    synchronized void deliver(Change change, String encoded) {
        if (state == REPLAYING) {
            if (backlog.size() >= hub.settings().sendQueueLimit()) {
                slowConsumer();
            } else {
                backlog.add(change);
            }
        } else if (state == LIVE && change.seq() > lastSentSeq) {
            sendChange(change, encoded);
        }
    }

    private void sendChange(Change change, String encoded) {
        lastSentSeq = change.seq();
        if (change.sourceClient() != null && change.sourceClient().equals(clientId)) {
            return;
        }
        if (!filter.matches(change.operation())) {
            return;
        }
        send(encoded != null ? encoded : WebSocketHub.encode(change));
    }

    void sendError(String message) {
        hub.metrics().errorSent();
        send(JsonCodec.encode(new Message.Error(message)));
    }

    /** Queues one text frame; a connection with too many frames in flight is a slow consumer. */
    void send(String text) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        if (pendingSends.incrementAndGet() > hub.settings().sendQueueLimit()) {
            pendingSends.decrementAndGet();
            slowConsumer();
            return;
        }
        hub.metrics().sent();
        s.sendText(text, Callback.from(pendingSends::decrementAndGet, failure -> pendingSends.decrementAndGet()));
    }

    void ping() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    private void slowConsumer() {
        if (state != 0) {
            state = 0;
            hub.metrics().slowConsumer();
            hub.log().warn("WebSocket client {} is not keeping up; closing it (it resumes with since={})",
                    clientId, lastSentSeq);
            close(StatusCode.POLICY_VIOLATION, "send queue full; reconnect with since=" + lastSentSeq);
        }
    }

    void close(int status, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(status, reason, Callback.NOOP);
            hub.disconnectLater(s);
        }
    }

    private boolean overRate() {
        int limit = hub.settings().maxMessagesPerSecond();
        if (limit == 0) {
            return false;
        }
        int second = (int) (lastHeardNanos / 1_000_000_000L);
        if (second != windowStartSecond) {
            windowStartSecond = second;
            messagesInWindow = 0;
        }
        return ++messagesInWindow > limit;
    }
}
