package dev.quantum.client.remote;

import dev.quantum.client.sync.PushEvents;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.protocol.ProtocolException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws} subscription: connects, sends {@code Subscribe{client_id, since}} (so
 * the server replays whatever was missed), hands every pushed operation to
 * {@link PushEvents}, sends a {@code Ping} every heartbeat and reconnects with
 * {@link Backoff} whenever the connection fails or falls silent. Thread-safe.
 */
public final class PushChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushChannel.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(95);

    /** Files up to this size come with their bytes in the pushed FileOperation, so that they need no download request. */
    static final int INLINE_BYTES = 64 * 1024;

    private final HttpClient http;
    private final ServerAddress server;
    private final String clientId;
    private final Optional<String> token;
    private final PushEvents events;
    private final LongSupplier since;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Clock clock;

    private WebSocket socket;
    private int generation;
    private boolean closed;
    private volatile Instant lastHeard;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    public PushChannel(HttpClient http, ServerAddress server, String clientId, Optional<String> token, PushEvents events,
                       LongSupplier since, ScheduledExecutorService scheduler, Backoff backoff, Clock clock) {
        this.http = http;
        this.server = server;
        this.clientId = clientId;
        this.token = token;
        this.events = events;
        this.since = since;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.clock = clock;
        this.lastHeard = clock.instant();
    }

    /** Connects in the background and keeps the connection up until {@link #close()}. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        connect();
    }

    private void connect() {
        int attempt;
        synchronized (this) {
            if (closed) {
                return;
            }
            attempt = ++generation;
        }
        LOG.info("Connecting to WebSocket server: {}", server.ws());
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        builder.buildAsync(server.ws(), new Listener(attempt)).whenComplete((ws, error) -> {
            if (error != null) {
                lost(attempt, "cannot connect: " + rootMessage(error));
            }
        });
    }

    private void lost(int attempt, String reason) {
        Duration retryIn;
        synchronized (this) {
            if (closed || attempt != generation) {
                return;
            }
            generation++;
            if (socket != null) {
                socket.abort();
                socket = null;
            }
            retryIn = backoff.next();
        }
        LOG.warn("WebSocket {}; retrying in {} ms", reason, retryIn.toMillis());
        events.disconnected(reason, retryIn);
        scheduler.schedule(this::connect, retryIn.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        int attempt;
        synchronized (this) {
            if (socket == null) {
                return;
            }
            attempt = generation;
        }
        if (Duration.between(lastHeard, clock.instant()).compareTo(SILENCE_LIMIT) > 0) {
            lost(attempt, "connection silent for over " + SILENCE_LIMIT.toSeconds() + " s");
        } else {
            send(attempt, new Message.Ping());
        }
    }

    private synchronized void send(int attempt, Message message) {
        if (socket == null || attempt != generation) {
            return;
        }
        WebSocket ws = socket;
        String text = JsonCodec.encode(message);
        sending = sending.handle((r, e) -> null).thenCompose(x -> ws.sendText(text, true))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        lost(attempt, "send failed: " + rootMessage(e));
                    }
                });
    }

    private void received(int attempt, String text) {
        lastHeard = clock.instant();
        Message message;
        try {
            message = JsonCodec.decodeMessage(text);
        } catch (ProtocolException e) {
            LOG.warn("Ignoring a message the client does not understand: {}", e.getMessage());
            return;
        }
        switch (message) {
            case Message.Ack ack -> {
                if ("subscribe".equals(ack.operationId())) {
                    synchronized (this) {
                        backoff.reset();
                    }
                    LOG.info("WebSocket client {} connected and subscribed", clientId);
                    events.subscribed(ack.seq() == null ? 0 : ack.seq());
                }
            }
            case Message.FileOperation op -> {
                LOG.info("Received real-time operation: {}", OperationText.of(op.operation()));
                events.operation(op);
            }
            case Message.Pong pong -> LOG.debug("Received pong from server");
            case Message.Error error -> LOG.warn("Server reported an error: {}", error.message());
            case Message.Ping ping -> send(attempt, new Message.Pong());
            case Message.Subscribe subscribe -> LOG.debug("Ignoring a Subscribe sent by the server");
        }
    }

    @Override
    public void close() {
        WebSocket ws;
        synchronized (this) {
            closed = true;
            ws = socket;
            socket = null;
        }
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "client stopping").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort());
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Events of one connection attempt; stale attempts are ignored. */
    private final class Listener implements WebSocket.Listener {
        private final int attempt;
        private final StringBuilder text = new StringBuilder();

        Listener(int attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onOpen(WebSocket ws) {
            synchronized (PushChannel.this) {
                if (closed || attempt != generation) {
                    ws.abort();
                    return;
                }
                socket = ws;
            }
            lastHeard = clock.instant();
            ws.request(1);
            send(attempt, new Message.Subscribe(clientId, since.getAsLong(), null, INLINE_BYTES));
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                received(attempt, message);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            lastHeard = clock.instant();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            lastHeard = clock.instant();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            lost(attempt, "closed by the server (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(attempt, "connection failed: " + rootMessage(error));
        }
    }
}
