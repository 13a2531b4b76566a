package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed changes to every connection from a few dedicated lane threads, so
 * the committing request never waits for sockets. Each connection belongs to one lane
 * for its whole life and every lane takes changes in {@code seq} order, so each
 * connection sees them in order. Each change is encoded once, whatever the number of
 * subscribers; the lanes share the writes to many sockets across the cores.
 */
final class Fanout {

    private static final Logger LOG = LoggerFactory.getLogger("quantum.ws");

    /** A change with its wire form, encoded once for every lane. */
    private record Delivery(Change change, String encoded) {
    }

    private final Set<Connection> connections;
    private final HubMetrics metrics;
    private final List<LinkedBlockingQueue<Delivery>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    Fanout(Set<Connection> connections, HubMetrics metrics, int lanes) {
        this.connections = connections;
        this.metrics = metrics;
        for (int lane = 0; lane < lanes; lane++) {
            LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
            int index = lane;
            queues.add(queue);
            threads.add(Thread.ofPlatform().name("ws-fanout-" + lane).daemon().start(() -> run(index, queue)));
        }
    }

    /** How many lanes suit this machine: one per core, at most four. */
    static int defaultLanes() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    int lanes() {
        return queues.size();
    }

    /** Hands a committed change over; never blocks (called on the committing thread). */
    void publish(Change change) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Broadcasting file operation: {}", change.operation());
        }
        metrics.broadcast();
        Delivery delivery = new Delivery(change, WebSocketHub.encode(change));
        for (LinkedBlockingQueue<Delivery> queue : queues) {
            queue.add(delivery);
        }
    }

    void close() {
        threads.forEach(Thread::interrupt);
    }

    private void run(int lane, LinkedBlockingQueue<Delivery> queue) {
        try {
            while (true) {
                deliver(lane, queue.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(int lane, Delivery delivery) {
        try {
            for (Connection c : connections) {
                if (c.lane() == lane) {
                    c.deliver(delivery.change(), delivery.encoded());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("broadcasting change {} failed", delivery.change().seq(), e);
        }
    }
}
