package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.server.sync.LoggedChange;
import java.util.ArrayList;
import java.util.List;

/**
 * What one subscribed connection is owed: every change after its starting point, in
 * {@code seq} order, once, minus its own changes and those outside its {@code paths}; live
 * changes to files of up to {@code inline} bytes with the files' bytes, when it asked for them.
 * Changes broadcast while the log up to them is still being sent (a replay, or the
 * moment between reading the head and going live) wait in a bounded backlog. Callers
 * synchronise on nothing: the methods do, on this object.
 */
final class Subscription {

    private static final int BUFFERING = 1;
    private static final int LIVE = 2;
    private static final int STOPPED = 3;

    private final Connection connection;
    private final String clientId;
    private final PathGlob filter;
    private final int inline;
    private final int backlogLimit;
    private int state = BUFFERING;
    private long lastSentSeq;
    private List<Broadcast> backlog = new ArrayList<>();

    /** {@code inline}: live changes to files of up to that many bytes carry the bytes (0: none). */
    Subscription(Connection connection, String clientId, PathGlob filter, int inline, int backlogLimit) {
        this.connection = connection;
        this.clientId = clientId;
        this.filter = filter;
        this.inline = inline;
        this.backlogLimit = backlogLimit;
    }

    String clientId() {
        return clientId;
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

    /** Ends the subscription (replaced, or its connection is closing): nothing more is sent or kept. */
    synchronized void stop() {
        state = STOPPED;
        backlog = null;
    }

    /**
     * Queues a batch of logged changes, in order, without a write each; returns false
     * when the subscription stopped buffering, so the replay should stop.
     */
    synchronized boolean replay(List<LoggedChange> batch) {
        if (state != BUFFERING) {
            return false;
        }
        for (LoggedChange change : batch) {
            if (change.seq() > lastSentSeq) {
                lastSentSeq = change.seq();
                if (wanted(change.sourceClient(), change.operationJson())) {
                    connection.queue(Payloads.fileOperation(change));
                }
            }
        }
        return true;
    }

    /** Called by the fan-out for every committed change, in {@code seq} order. */
    synchronized void deliver(Broadcast broadcast) {
        if (state == BUFFERING) {
            if (backlog.size() >= backlogLimit) {
                connection.slowConsumer();
            } else {
                backlog.add(broadcast);
            }
        } else if (state == LIVE && broadcast.change().seq() > lastSentSeq) {
            Change change = broadcast.change();
            lastSentSeq = change.seq();
            if (wanted(change)) {
                connection.send(broadcast.payload(inline).slice());
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
}
