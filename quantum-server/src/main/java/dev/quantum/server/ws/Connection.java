package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.protocol.ProtocolException;
import dev.quantum.server.sync.LoggedChange;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One /ws connection on Jetty's core WebSocket API: reads the client's messages and
 * delivers changes to it in {@code seq} order, never one it already has and never one
 * its client sent. Jetty calls the frame methods one at a time; {@link #deliver} is
 * called by a fan-out lane and the replay, which synchronise on this object. The
 * connection is also the callback of its own data frames, counting those in flight
 * without an allocation per send. Kept small: there may be tens of thousands of these.
 */
final class Connection implements FrameHandler, Callback {

    /** Subscribed, and live changes wait in {@link #backlog} until the log up to them is sent. */
    private static final int BUFFERING = 1;
    private static final int LIVE = 2;
    private static final AtomicIntegerFieldUpdater<Connection> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "pendingSends");

    private final WebSocketHub hub;
    private final int lane;
    private volatile CoreSession session;
    private volatile String clientId;
    private volatile long lastHeardNanos;
    private volatile int pendingSends;
    private int state;
    private long lastSentSeq;
    private PathGlob filter = PathGlob.ALL;
    private List<Broadcast> backlog;
    private int windowStartSecond;
    private int messagesInWindow;
    /** A fragmented message being read: text being assembled, or a binary one being skipped. */
    private IncomingMessage partial;

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
        CoreSession s = session;
        return s != null && s.isOutputOpen();
    }

    // ---- frames from the client ------------------------------------------------------

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        this.session = coreSession;
        hub.opened(this);
        callback.succeeded();
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        lastHeardNanos = hub.nanoTime();
        switch (frame.getOpCode()) {
            case OpCode.PING -> session.sendFrame(new Frame(OpCode.PONG, true, frame.getPayload()),
                    Callback.from(session::demand, callback), false);
            case OpCode.CLOSE -> callback.succeeded();
            case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> data(frame, callback);
            default -> {
                callback.succeeded();
                session.demand();
            }
        }
    }

    private void data(Frame frame, Callback callback) {
        String text = null;
        boolean binaryEnded = false;
        try {
            if (frame.getOpCode() == OpCode.TEXT && frame.isFin()) {
                text = IncomingMessage.decode(frame.getPayload());
            } else {
                IncomingMessage message = frame.getOpCode() == OpCode.CONTINUATION ? partial
                        : IncomingMessage.start(frame.getOpCode() == OpCode.TEXT, hub.settings().maxFrameBytes());
                if (message != null) {
                    text = message.append(frame);
                    binaryEnded = frame.isFin() && !message.isText();
                }
                partial = frame.isFin() ? null : message;
            }
        } catch (RuntimeException e) {
            partial = null;
            callback.failed(e);
            return;
        }
        callback.succeeded();
        if (text != null) {
            received(text);
        } else if (binaryEnded) {
            sendError("binary frames are not part of the protocol; send JSON text frames");
        }
        session.demand();
    }

    private void received(String text) {
        hub.metrics().received();
        if (overRate()) {
            close(CloseStatus.POLICY_VIOLATION, "message rate limit exceeded");
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
            case Message.Ping p -> send(Payloads.PONG.slice());
            case Message.FileOperation f -> hub.submit(this, f);
            case Message.Pong p -> {
                // a client answering a Ping we never send as JSON: harmless, it only proves liveness
            }
            case Message.Ack a -> sendError("Ack is a server message; clients do not send it");
            case Message.Error e -> sendError("Error is a server message; clients do not send it");
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        hub.failed(this, cause);
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        hub.closed(this, closeStatus.getCode(), closeStatus.getReason());
        callback.succeeded();
    }

    // ---- subscription and deliveries -------------------------------------------------

    /** Starts a subscription; changes broadcast from now on wait until {@link #goLive} or {@link #replayFrom}. */
    synchronized void subscribe(String id, PathGlob paths) {
        clientId = id;
        filter = paths;
        state = BUFFERING;
        backlog = new ArrayList<>();
    }

    /** Goes live after {@code head}: sends what was broadcast meanwhile with a greater seq. */
    synchronized void goLive(long head) {
        if (state == BUFFERING) {
            lastSentSeq = Math.max(lastSentSeq, head);
            List<Broadcast> waiting = backlog;
            backlog = null;
            state = LIVE;
            for (Broadcast b : waiting) {
                deliver(b);
            }
        }
    }

    /** Replays the log after {@code since}: the next {@link #replay} batches start there. */
    synchronized void replayFrom(long since) {
        lastSentSeq = since;
    }

    synchronized long lastSentSeq() {
        return lastSentSeq;
    }

    /**
     * Queues a batch of logged changes, in order, without flushing each; returns false
     * when the connection stopped buffering (closed), so the replay should stop.
     */
    synchronized boolean replay(List<LoggedChange> batch) {
        CoreSession s = session;
        if (state != BUFFERING || s == null) {
            return false;
        }
        for (LoggedChange change : batch) {
            if (change.seq() > lastSentSeq) {
                lastSentSeq = change.seq();
                if (wanted(change.sourceClient(), change.operationJson())) {
                    hub.metrics().sent();
                    s.sendFrame(new Frame(OpCode.TEXT, true, Payloads.fileOperation(change)), Callback.NOOP, true);
                }
            }
        }
        return true;
    }

    /** Called by the fan-out for every committed change, in {@code seq} order. */
    synchronized void deliver(Broadcast broadcast) {
        if (state == BUFFERING) {
            if (backlog.size() >= hub.settings().sendQueueLimit()) {
                slowConsumer();
            } else {
                backlog.add(broadcast);
            }
        } else if (state == LIVE && broadcast.change().seq() > lastSentSeq) {
            Change change = broadcast.change();
            lastSentSeq = change.seq();
            if (wanted(change)) {
                send(broadcast.payload().slice());
            }
        }
    }

    private boolean wanted(Change change) {
        return (change.sourceClient() == null || !change.sourceClient().equals(clientId))
                && filter.matches(change.operation());
    }

    private boolean wanted(String source, String operationJson) {
        if (source != null && source.equals(clientId)) {
            return false;
        }
        return filter == PathGlob.ALL || filter.matches(JsonCodec.decodeOperation(JsonCodec.parse(operationJson), "op"));
    }

    // ---- frames to the client --------------------------------------------------------

    void sendError(String message) {
        hub.metrics().errorSent();
        send(Payloads.encode(new Message.Error(message)));
    }

    void send(Message message) {
        send(Payloads.encode(message));
    }

    /** Sends one text frame now; a connection with too many frames in flight is a slow consumer. */
    private void send(ByteBuffer payload) {
        CoreSession s = session;
        if (s == null || !s.isOutputOpen()) {
            return;
        }
        if (PENDING.incrementAndGet(this) > hub.settings().sendQueueLimit()) {
            PENDING.decrementAndGet(this);
            synchronized (this) {
                slowConsumer();
            }
            return;
        }
        hub.metrics().sent();
        s.sendFrame(new Frame(OpCode.TEXT, true, payload), this, false);
    }

    /** A data frame was written. */
    @Override
    public void succeeded() {
        PENDING.decrementAndGet(this);
    }

    /** A data frame could not be written (the connection is closing). */
    @Override
    public void failed(Throwable cause) {
        PENDING.decrementAndGet(this);
    }

    /** Sends the queued frames of a replay batch and calls {@code done} once they are written. */
    void flush(Callback done) {
        CoreSession s = session;
        if (s == null) {
            done.failed(new IllegalStateException("not open"));
        } else {
            s.flush(done);
        }
    }

    void ping() {
        CoreSession s = session;
        if (s != null && s.isOutputOpen()) {
            s.sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
        }
    }

    private void slowConsumer() {
        if (state != 0) {
            state = 0;
            backlog = null;
            hub.metrics().slowConsumer();
            hub.log().warn("WebSocket client {} is not keeping up; closing it (it resumes with since={})",
                    clientId, lastSentSeq);
            close(CloseStatus.POLICY_VIOLATION, "send queue full; reconnect with since=" + lastSentSeq);
        }
    }

    void close(int status, String reason) {
        CoreSession s = session;
        if (s != null && s.isOutputOpen()) {
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
