package dev.quantum.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code file_sync} handler: the HTTP API under {@code /api/}, the WebSocket at
 * {@code /ws} and the web UI for every other GET its route sends it. {@code maxFileSize}
 * 0 means unlimited; without {@code auth} it is open to everyone. Eight fields tune the
 * {@code /ws} hub ({@code maxMessagesPerSecond} and {@code maxConnections} 0 = no limit).
 * Immutable.
 */
public record FileSyncConfig(
        String root,
        boolean enableUpload,
        long maxFileSize,
        Versioning versioning,
        ChangeLogRetention changeLog,
        Duration heartbeatInterval,
        Duration connectionTimeout,
        Duration staleSweepInterval,
        int maxFrameSize,
        int sendQueueLimit,
        List<String> allowedOrigins,
        int maxMessagesPerSecond,
        int maxConnections,
        Optional<AuthConfig> auth) implements HandlerConfig {

    public static final String NAME = "file_sync";
    private static final Set<String> FIELDS = Set.of("handler", "root", "enable_upload", "max_file_size",
            "versioning", "change_log", "heartbeat_interval", "connection_timeout", "stale_sweep_interval",
            "max_frame_size", "send_queue_limit", "allowed_origins", "max_messages_per_second", "max_connections", "auth");

    public FileSyncConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(versioning, "versioning");
        Objects.requireNonNull(changeLog, "changeLog");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(staleSweepInterval, "staleSweepInterval");
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(auth, "auth");
    }

    /** Defaults for everything but the root. */
    public static FileSyncConfig defaults(String root) {
        return new FileSyncConfig(root, true, 0, Versioning.DEFAULT, ChangeLogRetention.DEFAULT,
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5), 64 * 1024, 1024, List.of(), 0,
                0, Optional.empty());
    }

    static FileSyncConfig decode(ConfigNode node) {
        node.object(FIELDS);
        FileSyncConfig d = defaults(node.required("root").asNonEmptyString());
        return new FileSyncConfig(
                d.root(),
                node.optional("enable_upload").map(ConfigNode::asBoolean).orElse(d.enableUpload()),
                node.optional("max_file_size").map(Units::size).orElse(d.maxFileSize()),
                node.optional("versioning").map(Versioning::decode).orElse(d.versioning()),
                node.optional("change_log").map(ChangeLogRetention::decode).orElse(d.changeLog()),
                node.optional("heartbeat_interval").map(Units::duration).orElse(d.heartbeatInterval()),
                node.optional("connection_timeout").map(Units::duration).orElse(d.connectionTimeout()),
                node.optional("stale_sweep_interval").map(Units::duration).orElse(d.staleSweepInterval()),
                node.optional("max_frame_size").map(FileSyncConfig::frameSize).orElse(d.maxFrameSize()),
                node.optional("send_queue_limit").map(n -> n.asInt(1)).orElse(d.sendQueueLimit()),
                node.optional("allowed_origins").map(ConfigNode::asStrings).orElse(d.allowedOrigins()),
                node.optional("max_messages_per_second").map(n -> n.asInt(0)).orElse(d.maxMessagesPerSecond()),
                node.optional("max_connections").map(n -> n.asInt(0)).orElse(d.maxConnections()),
                node.optional("auth").map(AuthConfig::decode));
    }

    private static int frameSize(ConfigNode node) {
        long size = Units.size(node);
        if (size < 1024 || size > Integer.MAX_VALUE) {
            throw node.error("must be between 1024 and " + Integer.MAX_VALUE + " bytes");
        }
        return (int) size;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Keeping replaced and deleted files under {@code ROOT/.quantum/versions}. */
    public record Versioning(boolean enabled, Duration retention) {
        public static final Versioning DEFAULT = new Versioning(true, Duration.ofDays(30));

        public Versioning {
            Objects.requireNonNull(retention, "retention");
        }

        static Versioning decode(ConfigNode node) {
            node.object(Set.of("enabled", "retention"));
            return new Versioning(
                    node.optional("enabled").map(ConfigNode::asBoolean).orElse(DEFAULT.enabled()),
                    node.optional("retention").map(Units::duration).orElse(DEFAULT.retention()));
        }
    }

    /**
     * How much of the change log is kept: at most {@code maxEntries} changes and none older
     * than {@code maxAge} (the newest change is always kept). Clients asking for older
     * changes get 410 and do a full list.
     */
    public record ChangeLogRetention(long maxEntries, Duration maxAge) {
        public static final ChangeLogRetention DEFAULT = new ChangeLogRetention(100_000, Duration.ofDays(30));

        public ChangeLogRetention {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be positive");
            }
        }

        static ChangeLogRetention decode(ConfigNode node) {
            node.object(Set.of("max_entries", "max_age"));
            return new ChangeLogRetention(
                    node.optional("max_entries").map(n -> n.asLong(1)).orElse(DEFAULT.maxEntries()),
                    node.optional("max_age").map(Units::duration).orElse(DEFAULT.maxAge()));
        }
    }
}
