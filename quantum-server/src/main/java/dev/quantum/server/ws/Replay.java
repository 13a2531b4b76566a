package dev.quantum.server.ws;

import dev.quantum.server.sync.ChangeFeed;
import dev.quantum.server.sync.ChangesExpiredException;
import dev.quantum.server.sync.LoggedChange;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the change log after a subscriber's {@code since}, then lets it go live. Reads
 * the log in batches as stored (no decode and re-encode), queues each batch's frames
 * without a write per frame, flushes them together and reads the next batch only once
 * they are written, so a slow reader holds one batch at most. Runs on the hub's workers.
 */
final class Replay implements Runnable, Callback {

    private static final Logger LOG = LoggerFactory.getLogger("quantum.ws");
    static final int BATCH = 512;

    private final ChangeFeed feed;
    private final Connection connection;
    private final Subscription subscription;
    private final Executor workers;
    private boolean more;

    Replay(ChangeFeed feed, Connection connection, Subscription subscription, Executor workers) {
        this.feed = feed;
        this.connection = connection;
        this.subscription = subscription;
        this.workers = workers;
    }

    @Override
    public void run() {
        try {
            List<LoggedChange> batch = feed.loggedAfter(subscription.lastSentSeq(), BATCH);
            if (batch.isEmpty()) {
                subscription.goLive(0);
                return;
            }
            if (!subscription.replay(batch)) {
                return;
            }
            more = batch.size() == BATCH;
            connection.flush(this);
        } catch (ChangesExpiredException e) {
            connection.sendError(e.getMessage());
            connection.close(CloseStatus.POLICY_VIOLATION, "since is older than the retained log; do a full list");
        } catch (RuntimeException e) {
            LOG.warn("replay to WebSocket client {} failed", subscription.clientId(), e);
            connection.close(CloseStatus.SERVER_ERROR, "replay failed");
        }
    }

    /** The batch is written: read the next one, or go live after the last. */
    @Override
    public void succeeded() {
        try {
            workers.execute(more ? this : () -> subscription.goLive(0));
        } catch (RejectedExecutionException e) {
            LOG.debug("replay to WebSocket client {} stopped: the hub is closed", subscription.clientId());
        }
    }

    @Override
    public void failed(Throwable cause) {
        LOG.debug("replay to WebSocket client {} stopped: {}", subscription.clientId(), cause.toString());
    }
}
