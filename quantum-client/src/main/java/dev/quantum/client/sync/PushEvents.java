package dev.quantum.client.sync;

import dev.quantum.protocol.Message;
import java.time.Duration;

/**
 * What the server's push channel reports to the sync loop. Called on the channel's
 * threads; implementations only record and wake, never block.
 */
public interface PushEvents {

    /** Subscribed; the server's change log head was {@code head} (0 when the server did not say). */
    void subscribed(long head);

    /** A change committed by someone else. */
    void operation(Message.FileOperation operation);

    /** The connection is gone; the channel tries again after {@code retryIn}. */
    void disconnected(String reason, Duration retryIn);
}
