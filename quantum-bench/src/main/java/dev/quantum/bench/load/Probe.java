package dev.quantum.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One /ws connection inside the harness JVM, on Jetty's client: frames arrive with the
 * {@link System#nanoTime} of their arrival in a queue, or go to a handler set with
 * {@link #onText} (for pipelined round trips). Owns its Jetty client.
 */
public final class Probe implements AutoCloseable {

    private final WebSocketClient client = new WebSocketClient();
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private volatile Consumer<String> handler;
    private Session session;

    /** A text frame and when it arrived. */
    public record Frame(long nanos, String text) {
    }

    private Probe() {
    }

    public static Probe connect(URI ws) throws Exception {
        Probe p = new Probe();
        p.client.setMaxTextMessageSize(1 << 20);
        p.client.setIdleTimeout(Duration.ofMinutes(10));
        p.client.start();
        p.session = p.client.connect(p.new Listener(), ws).get(30, TimeUnit.SECONDS);
        return p;
    }

    /** Subscribes as {@code clientId}, replaying after {@code since} when not null, and waits for the Ack. */
    public void subscribe(String clientId, Long since) throws Exception {
        send("{\"type\":\"Subscribe\",\"client_id\":\"" + clientId + "\"" + (since == null ? "" : ",\"since\":" + since) + "}");
        Frame f = next(Duration.ofSeconds(30), t -> t.contains("\"Ack\""));
        if (f == null) {
            throw new IllegalStateException("no subscribe Ack within 30 s");
        }
    }

    public void send(String text) {
        session.sendText(text, Callback.NOOP);
    }

    /** Routes every following frame to {@code h} instead of the queue; null restores the queue. */
    public void onText(Consumer<String> h) {
        handler = h;
    }

    /** The next frame whose text matches, or null after {@code timeout}; frames before it are dropped. */
    public Frame next(Duration timeout, java.util.function.Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Frame f = frames.poll(left, TimeUnit.NANOSECONDS);
            if (f != null && wanted.test(f.text())) {
                return f;
            }
        }
    }

    public void clear() {
        frames.clear();
    }

    public boolean isOpen() {
        return session != null && session.isOpen();
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                session.close();
            }
            client.stop();
        } catch (Exception e) {
            // closing anyway
        }
    }

    /** Public because Jetty requires endpoint classes to be public. */
    public final class Listener implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketError(Throwable cause) {
            // a closed connection shows up as isOpen() == false; its error is not news
        }

        @Override
        public void onWebSocketText(String text) {
            long now = System.nanoTime();
            Consumer<String> h = handler;
            if (h != null) {
                h.accept(text);
            } else {
                frames.add(new Frame(now, text));
            }
        }
    }
}
