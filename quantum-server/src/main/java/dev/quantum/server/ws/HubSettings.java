package dev.quantum.server.ws;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits and intervals of the /ws hub. Immutable.
 *
 * @param heartbeatInterval   how often the server sends a WebSocket ping to each connection
 * @param connectionTimeout   a connection silent this long (no frame at all, pongs included) is closed
 * @param staleSweepInterval  how often silent and dead connections are looked for
 * @param maxFrameBytes       the largest text message accepted; larger ones close the connection (1009)
 * @param sendQueueLimit      messages queued for one connection before it counts as a slow consumer
 *                            and is closed (1008); it catches up with {@code since} on reconnect
 * @param allowedOrigins      browser origins allowed besides the server's own; {@code "*"} allows any
 * @param maxMessagesPerSecond messages one connection may send per second before it is closed (1008); 0 = no limit
 * @param maxConnections       open connections beyond which an upgrade is refused with 503; 0 = no limit
 */
public record HubSettings(Duration heartbeatInterval, Duration connectionTimeout, Duration staleSweepInterval,
        int maxFrameBytes, int sendQueueLimit, List<String> allowedOrigins, int maxMessagesPerSecond,
        int maxConnections) {

    public HubSettings {
        requirePositive(heartbeatInterval, "heartbeat_interval");
        requirePositive(connectionTimeout, "connection_timeout");
        requirePositive(staleSweepInterval, "stale_sweep_interval");
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("max_frame_size: must be at least 1024 bytes");
        }
        if (sendQueueLimit < 1) {
            throw new IllegalArgumentException("send_queue_limit: must be at least 1");
        }
        if (maxMessagesPerSecond < 0) {
            throw new IllegalArgumentException("max_messages_per_second: must not be negative");
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max_connections: must not be negative");
        }
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowed_origins"));
    }

    public HubSettings(Duration heartbeatInterval, Duration connectionTimeout, Duration staleSweepInterval,
            int maxFrameBytes, int sendQueueLimit, List<String> allowedOrigins) {
        this(heartbeatInterval, connectionTimeout, staleSweepInterval, maxFrameBytes, sendQueueLimit,
                allowedOrigins, 0, 0);
    }

    /** Without a connection limit. */
    public HubSettings(Duration heartbeatInterval, Duration connectionTimeout, Duration staleSweepInterval,
            int maxFrameBytes, int sendQueueLimit, List<String> allowedOrigins, int maxMessagesPerSecond) {
        this(heartbeatInterval, connectionTimeout, staleSweepInterval, maxFrameBytes, sendQueueLimit,
                allowedOrigins, maxMessagesPerSecond, 0);
    }

    /** The seeds' intervals (30 s heartbeat, 5 min timeout and sweep), 64 KiB frames, 1024 queued messages. */
    public static HubSettings defaults() {
        return new HubSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5),
                64 * 1024, 1024, List.of(), 0, 0);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": must be a positive duration");
        }
    }
}
