package dev.quantum.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One subscribed /ws connection of the load generator. Records, per upload number
 * {@code k} (found as {@code bench-u-K.} in the frame), the wall-clock microsecond its
 * FileOperation arrived. Small on purpose: there are ten thousand of these per JVM.
 */
public final class Subscriber implements Session.Listener.AutoDemanding {

    /** Upload numbers a run can use (0 … MAX_UPLOADS-1). */
    static final int MAX_UPLOADS = 512;
    private static final String MARK = "bench-u-";

    private final String clientId;
    private final CountDownLatch acked;
    private final Semaphore inFlight;
    private boolean settled;
    private final long[] receipts = new long[MAX_UPLOADS];
    private volatile Session session;
    private volatile boolean closed;
    private volatile boolean subscribed;

    Subscriber(String clientId, CountDownLatch acked, Semaphore inFlight) {
        this.clientId = clientId;
        this.acked = acked;
        this.inFlight = inFlight;
    }

    /** Counts this subscriber as done connecting (acknowledged or failed), once. */
    synchronized void settle() {
        if (!settled) {
            settled = true;
            acked.countDown();
            inFlight.release();
        }
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        s.sendText("{\"type\":\"Subscribe\",\"client_id\":\"" + clientId + "\"}", Callback.NOOP);
    }

    @Override
    public void onWebSocketText(String text) {
        long now = Clock.micros();
        int at = text.indexOf(MARK);
        if (at >= 0) {
            int k = 0;
            for (int i = at + MARK.length(); i < text.length() && Character.isDigit(text.charAt(i)); i++) {
                k = k * 10 + (text.charAt(i) - '0');
            }
            if (k < MAX_UPLOADS && receipts[k] == 0) {
                receipts[k] = now;
            }
        } else if (text.contains("\"Ack\"") && text.contains("\"subscribe\"")) {
            subscribed = true;
            settle();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
        closed = true;
        settle();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed = true;
        settle();
    }

    long receipt(int k) {
        return receipts[k];
    }

    /** Subscribed and still open. */
    boolean isLive() {
        return subscribed && !closed;
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(1000, "bench done", Callback.NOOP);
        }
    }
}
