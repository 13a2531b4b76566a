package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import dev.quantum.server.sync.ChangeFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections, spread over a few lanes, and the lanes' delivery of committed
 * changes to them. Each connection belongs to one lane for its whole life and every
 * lane delivers changes in {@code seq} order, one delivery at a time, so each
 * connection sees them in order. Each change is encoded once, whatever the number of
 * subscribers. A lane with at most {@code directLimit} connections and nothing left to
 * deliver is written to by the committing thread itself (queuing a frame never waits
 * for a socket: a write that cannot finish is left to Jetty); a busier lane is written
 * to by its own thread, so that the committing request does not wait for thousands of
 * writes and the lanes share them across the cores. A lane without connections is
 * skipped (a connection that opens later gets the change from the log when it subscribes).
 * Thread-safe.
 */
final class Fanout {

    /** Up to this many connections in a lane, the committing thread writes to them when the lane is idle. */
    static final int DIRECT_LIMIT = 4;

    private static final Logger LOG = LoggerFactory.getLogger("quantum.ws");

    private final HubMetrics metrics;
    private final ChangeFeed contents;
    private final int maxFrameBytes;
    private final List<Lane> lanes = new ArrayList<>();

    /**
     * Fan-out over {@code lanes} lanes; files' bytes for subscribers that ask for them come
     * from {@code contents}, in frames of at most {@code maxFrameBytes}.
     */
    Fanout(HubMetrics metrics, ChangeFeed contents, int maxFrameBytes, int lanes, int directLimit) {
        this.metrics = metrics;
        this.contents = contents;
        this.maxFrameBytes = maxFrameBytes;
        for (int i = 0; i < lanes; i++) {
            this.lanes.add(new Lane("ws-fanout-" + i, directLimit));
        }
    }

    /** How many lanes suit this machine: one per core, at most four. */
    static int defaultLanes() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    int lanes() {
        return lanes.size();
    }

    void add(Connection connection) {
        lanes.get(connection.lane()).connections.add(connection);
    }

    /** Removes {@code connection}; false when it was not there. */
    boolean remove(Connection connection) {
        return lanes.get(connection.lane()).connections.remove(connection);
    }

    int size() {
        int n = 0;
        for (Lane lane : lanes) {
            n += lane.connections.size();
        }
        return n;
    }

    void forEach(Consumer<Connection> action) {
        for (Lane lane : lanes) {
            lane.connections.forEach(action);
        }
    }

    /**
     * Hands a committed change over; called on the committing thread, one change at a
     * time in {@code seq} order. Never blocks on a socket.
     */
    void publish(Change change) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Broadcasting file operation: {}", change.operation());
        }
        metrics.broadcast();
        Broadcast broadcast = null;
        for (Lane lane : lanes) {
            if (!lane.connections.isEmpty()) {
                broadcast = broadcast == null ? Broadcast.of(change, contents, maxFrameBytes) : broadcast;
                lane.offer(broadcast);
            }
        }
    }

    void close() {
        lanes.forEach(lane -> lane.thread.interrupt());
    }

    /** One lane: its connections, the broadcasts waiting for them, and the thread that delivers when the committer does not. */
    private static final class Lane {
        private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
        private final ConcurrentLinkedQueue<Broadcast> waiting = new ConcurrentLinkedQueue<>();
        private final ReentrantLock delivering = new ReentrantLock();
        private final Semaphore work = new Semaphore(0);
        private final int directLimit;
        private final Thread thread;

        Lane(String name, int directLimit) {
            this.directLimit = directLimit;
            this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
        }

        /** Queues {@code broadcast}, then delivers it at once when the lane is small and idle, else wakes the lane's thread. */
        void offer(Broadcast broadcast) {
            waiting.add(broadcast);
            if (connections.size() <= directLimit && delivering.tryLock()) {
                try {
                    drain();
                } finally {
                    delivering.unlock();
                }
                if (waiting.isEmpty()) {
                    return;
                }
            }
            work.release();
        }

        private void run() {
            try {
                while (true) {
                    work.acquire();
                    work.drainPermits();
                    delivering.lock();
                    try {
                        drain();
                    } finally {
                        delivering.unlock();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Delivers every waiting broadcast in order; the caller holds {@code delivering}. */
        private void drain() {
            for (Broadcast b; (b = waiting.poll()) != null; ) {
                for (Connection c : connections) {
                    try {
                        c.deliver(b);
                    } catch (RuntimeException e) {
                        LOG.error("broadcasting change {} to {} failed", b.change().seq(), c.clientId(), e);
                    }
                }
            }
        }
    }
}
