package dev.quantum.testkit;

import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A WebSocket client for tests on Jetty's client: connects to /ws, sends frames and
 * collects every text frame received in order. Each instance owns its own Jetty client.
 */
public final class WsTestClient implements AutoCloseable {

    private final WebSocketClient client = new WebSocketClient();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicLong receivedCount = new java.util.concurrent.atomic.AtomicLong();
    private final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private Session session;

    private WsTestClient() {
    }

    /** Connects to {@code uri} (ws://host:port/ws), optionally with an {@code Origin} header. */
    public static WsTestClient connect(URI uri, String origin) throws Exception {
        WsTestClient c = new WsTestClient();
        c.client.setMaxTextMessageSize(16 * 1024 * 1024);
        c.client.start();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        if (origin != null) {
            request.setHeader("Origin", origin);
        }
        c.session = c.client.connect(c.new Listener(), uri, request).get(10, TimeUnit.SECONDS);
        return c;
    }

    public static WsTestClient connect(URI uri) throws Exception {
        return connect(uri, null);
    }

    public void send(String text) {
        session.sendText(text, Callback.NOOP);
    }

    public void send(Message message) {
        send(JsonCodec.encode(message));
    }

    /** Sends one text message split into frames, one per part, each after the previous was written. */
    public void sendFragments(String... parts) throws Exception {
        for (int i = 0; i < parts.length; i++) {
            Callback.Completable sent = new Callback.Completable();
            session.sendPartialText(parts[i], i == parts.length - 1, sent);
            sent.get(10, TimeUnit.SECONDS);
        }
    }

    public void sendBinary(byte[] bytes) {
        session.sendBinary(java.nio.ByteBuffer.wrap(bytes), Callback.NOOP);
    }

    /** Sends a WebSocket ping frame (not the protocol's JSON Ping) with {@code payload}. */
    public void pingFrame(String payload) {
        session.sendPing(java.nio.ByteBuffer.wrap(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Callback.NOOP);
    }

    /** The payload of the next pong frame received, or null after {@code timeout}. */
    public String pollPongFrame(Duration timeout) throws InterruptedException {
        return pongs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends Subscribe and waits for its Ack. */
    public Message.Ack subscribe(Message.Subscribe subscribe) throws InterruptedException {
        send(subscribe);
        return (Message.Ack) next(m -> m instanceof Message.Ack a && a.operationId().equals("subscribe"),
                Duration.ofSeconds(10));
    }

    /** The next received message, or null after {@code timeout}. */
    public Message poll(Duration timeout) throws InterruptedException {
        String text = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return text == null ? null : JsonCodec.decodeMessage(text);
    }

    /** The next raw frame, or null after {@code timeout}. */
    public String pollText(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Skips messages until one matches; fails after {@code timeout}. */
    public Message next(Predicate<Message> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = left <= 0 ? null : poll(Duration.ofNanos(left));
            if (m == null) {
                throw new AssertionError("no matching message within " + timeout);
            }
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    /** Collects {@code count} FileOperations (other messages skipped); fails after {@code timeout}. */
    public List<Message.FileOperation> fileOperations(int count, Duration timeout) throws InterruptedException {
        List<Message.FileOperation> out = new ArrayList<>();
        while (out.size() < count) {
            out.add((Message.FileOperation) next(m -> m instanceof Message.FileOperation, timeout));
        }
        return out;
    }

    /** Messages that arrive within {@code quiet}, until none does. */
    public List<Message> drain(Duration quiet) throws InterruptedException {
        List<Message> out = new ArrayList<>();
        Message m;
        while ((m = poll(quiet)) != null) {
            out.add(m);
        }
        return out;
    }

    /** The close status code once the server closed the connection; fails after {@code timeout}. */
    public int awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many text frames have arrived so far, consumed or not. */
    public long receivedCount() {
        return receivedCount.get();
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /** Stops reading from the socket, so the server's writes back up (a slow consumer). */
    public void stopReading() {
        paused = true;
    }

    private volatile boolean paused;

    @Override
    public void close() throws Exception {
        try {
            if (session != null && session.isOpen()) {
                session.close();
            }
        } finally {
            client.stop();
        }
    }

    /** The Jetty listener; public because Jetty requires endpoint classes to be. */
    public final class Listener implements Session.Listener {
        private Session listenerSession;

        @Override
        public void onWebSocketOpen(Session s) {
            listenerSession = s;
            s.demand();
        }

        @Override
        public void onWebSocketText(String text) {
            received.add(text);
            receivedCount.incrementAndGet();
            if (!paused) {
                listenerSession.demand();
            }
        }

        @Override
        public void onWebSocketPing(java.nio.ByteBuffer payload) {
            listenerSession.demand();
        }

        @Override
        public void onWebSocketPong(java.nio.ByteBuffer payload) {
            pongs.add(java.nio.charset.StandardCharsets.UTF_8.decode(payload).toString());
            listenerSession.demand();
        }

        @Override
        public void onWebSocketClose(int status, String reason, Callback callback) {
            closeReason = reason;
            closed.complete(status);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.complete(-1);
        }
    }
}
