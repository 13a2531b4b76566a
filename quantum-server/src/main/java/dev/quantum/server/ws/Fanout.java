package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed changes to every connection from one dedicated thread, so the
 * committing request never waits for sockets and every connection sees changes in
 * {@code seq} order. Each change is encoded once, whatever the number of subscribers.
 */
final class Fanout {

    private static final Logger LOG = LoggerFactory.getLogger("quantum.ws");

    private final Set<Connection> connections;
    private final HubMetrics metrics;
    private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    Fanout(Set<Connection> connections, HubMetrics metrics) {
        this.connections = connections;
        this.metrics = metrics;
        this.thread = Thread.ofPlatform().name("ws-fanout").daemon().start(this::run);
    }

    /** Hands a committed change over; never blocks (called on the committing thread). */
    void publish(Change change) {
        queue.add(change);
    }

    void close() {
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                Change change = queue.take();
                deliver(change);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Change change) {
        try {
            String encoded = WebSocketHub.encode(change);
            if (LOG.isDebugEnabled()) {
                LOG.debug("Broadcasting file operation: {}", change.operation());
            }
            metrics.broadcast();
            for (Connection c : connections) {
                c.deliver(change, encoded);
            }
        } catch (RuntimeException e) {
            LOG.error("broadcasting change {} failed", change.seq(), e);
        }
    }
}
