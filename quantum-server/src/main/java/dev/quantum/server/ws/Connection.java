package dev.quantum.server.ws;

import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One /ws connection on Jetty's core WebSocket API: reads the client's messages (Jetty
 * calls the frame methods one at a time) and writes frames to it from any thread; what a
 * subscriber is owed is its {@link Subscription}'s business. The connection is also the
 * callback of its own data frames, counting those in flight without an allocation per
 * send. Kept small: there may be tens of thousands of these.
 */
final class Connection implements FrameHandler, Callback {

    private static final AtomicIntegerFieldUpdater<Connection> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "pendingSends");
    private static final AtomicIntegerFieldUpdater<Connection> SLOW =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "slow");
    private static final AtomicIntegerFieldUpdater<Connection> FLUSH =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "flushScheduled");

    private final WebSocketHub hub;
    private final int lane;
    private final boolean mayWrite;
    private volatile CoreSession session;
    private volatile Subscription subscription;
    private volatile long lastHeardNanos;
    private volatile int pendingSends;
    /** 1 while a flush of batched Pongs is scheduled. */
    private volatile int flushScheduled;
    /** 1 once closed as a slow consumer. */
    private volatile int slow;
    private int windowStartSecond;
    private int messagesInWindow;
    /** A fragmented message being read: text being assembled, or a binary one being skipped. */
    private IncomingMessage partial;

    Connection(WebSocketHub hub, int lane, boolean mayWrite) {
        this.hub = hub;
        this.lane = lane;
        this.mayWrite = mayWrite;
        this.lastHeardNanos = hub.nanoTime();
    }

    /** The fan-out lane that delivers to this connection, fixed for its life. */
    int lane() {
        return lane;
    }

    /** The subscribed client's id, null before Subscribe. */
    String clientId() {
        Subscription s = subscription;
        return s == null ? null : s.clientId();
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
            case Message.Ping p -> pong();
            case Message.FileOperation f -> {
                if (mayWrite) {
                    hub.submit(this, f);
                } else {
                    sendError("this connection's token is read-only: FileOperation needs the read-write role");
                }
            }
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

    // ---- subscription ----------------------------------------------------------------

    /** Starts a subscription, replacing any earlier one; it buffers until its replay or goLive. */
    Subscription subscribe(String id, PathGlob paths, int inline) {
        Subscription started = new Subscription(this, id, paths, inline, hub.settings().sendQueueLimit());
        Subscription previous = subscription;
        subscription = started;
        if (previous != null) {
            previous.stop();
        }
        return started;
    }

    /** Called by the fan-out for every committed change, in {@code seq} order. */
    void deliver(Broadcast broadcast) {
        Subscription s = subscription;
        if (s != null) {
            s.deliver(broadcast);
        }
    }

    // ---- frames to the client --------------------------------------------------------

    void sendError(String message) {
        hub.metrics().errorSent();
        send(Payloads.encode(new Message.Error(message)));
    }

    void send(Message message) {
        send(Payloads.encode(message));
    }

    /**
     * Answers a Ping. Pongs are batched and written by a flush the hub runs soon after on
     * another thread, so that pipelined Pings read in one go are answered with one write.
     */
    private void pong() {
        if (send(Payloads.PONG.slice(), true) && FLUSH.compareAndSet(this, 0, 1)) {
            hub.flushSoon(this);
        }
    }

    /** Writes the batched Pongs. */
    void flushPongs() {
        FLUSH.set(this, 0);
        CoreSession s = session;
        if (s != null) {
            s.flush(Callback.NOOP);
        }
    }

    void send(ByteBuffer payload) {
        send(payload, false);
    }

    /** Queues a replayed frame for the next {@link #flush}; replays are paced by their flushes, not counted. */
    void queue(ByteBuffer payload) {
        CoreSession s = session;
        if (s != null) {
            hub.metrics().sent();
            s.sendFrame(new Frame(OpCode.TEXT, true, payload), Callback.NOOP, true);
        }
    }

    /**
     * Sends one text frame, now or (batched) at the next flush; false when it was not
     * queued. A connection with too many frames in flight is a slow consumer.
     */
    private boolean send(ByteBuffer payload, boolean batch) {
        CoreSession s = session;
        if (s == null || !s.isOutputOpen()) {
            return false;
        }
        if (PENDING.incrementAndGet(this) > hub.settings().sendQueueLimit()) {
            PENDING.decrementAndGet(this);
            slowConsumer();
            return false;
        }
        hub.metrics().sent();
        s.sendFrame(new Frame(OpCode.TEXT, true, payload), this, batch);
        return true;
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

    /** Closes a connection that does not read what it is sent, once; its client resumes with {@code since}. */
    void slowConsumer() {
        if (SLOW.compareAndSet(this, 0, 1)) {
            Subscription s = subscription;
            long resumeAt = s == null ? 0 : s.lastSentSeq();
            if (s != null) {
                s.stop();
            }
            hub.metrics().slowConsumer();
            hub.log().warn("WebSocket client {} is not keeping up; closing it (it resumes with since={})",
                    clientId(), resumeAt);
            close(CloseStatus.POLICY_VIOLATION, "send queue full; reconnect with since=" + resumeAt);
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
