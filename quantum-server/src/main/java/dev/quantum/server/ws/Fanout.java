package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections, spread over a few lanes, and the lane threads that deliver
 * committed changes to them, so that the committing request never waits for sockets.
 * Each connection belongs to one lane for its whole life and every lane takes changes
 * in {@code seq} order, so each connection sees them in order. Each change is encoded
 * once, whatever the number of subscribers; the lanes share the writes across the
 * cores. Thread-safe.
 */
final class Fanout {

    private static final Logger LOG = LoggerFactory.getLogger("quantum.ws");

    private final HubMetrics metrics;
    private final List<Set<Connection>> members = new ArrayList<>();
    private final List<LinkedBlockingQueue<Broadcast>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    Fanout(HubMetrics metrics, int lanes) {
        this.metrics = metrics;
        for (int lane = 0; lane < lanes; lane++) {
            Set<Connection> connections = ConcurrentHashMap.newKeySet();
            LinkedBlockingQueue<Broadcast> queue = new LinkedBlockingQueue<>();
            members.add(connections);
            queues.add(queue);
            threads.add(Thread.ofPlatform().name("ws-fanout-" + lane).daemon().start(() -> run(connections, queue)));
        }
    }

    /** How many lanes suit this machine: one per core, at most four. */
    static int defaultLanes() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    int lanes() {
        return queues.size();
    }

    void add(Connection connection) {
        members.get(connection.lane()).add(connection);
    }

    /** Removes {@code connection}; false when it was not there. */
    boolean remove(Connection connection) {
        return members.get(connection.lane()).remove(connection);
    }

    int size() {
        int n = 0;
        for (Set<Connection> lane : members) {
            n += lane.size();
        }
        return n;
    }

    void forEach(Consumer<Connection> action) {
        for (Set<Connection> lane : members) {
            lane.forEach(action);
        }
    }

    /** Hands a committed change over; never blocks (called on the committing thread). */
    void publish(Change change) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Broadcasting file operation: {}", change.operation());
        }
        metrics.broadcast();
        Broadcast broadcast = Broadcast.of(change);
        for (LinkedBlockingQueue<Broadcast> queue : queues) {
            queue.add(broadcast);
        }
    }

    void close() {
        threads.forEach(Thread::interrupt);
    }

    private static void run(Set<Connection> connections, LinkedBlockingQueue<Broadcast> queue) {
        try {
            while (true) {
                deliver(connections, queue.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deliver(Set<Connection> connections, Broadcast broadcast) {
        for (Connection c : connections) {
            try {
                c.deliver(broadcast);
            } catch (RuntimeException e) {
                LOG.error("broadcasting change {} to {} failed", broadcast.change().seq(), c.clientId(), e);
            }
        }
    }
}
