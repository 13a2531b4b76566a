package dev.quantum.server.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A whole server configuration: the {@code apps.http} app of Caddy's JSON, i.e. named
 * servers and how long a graceful stop may take. Immutable; built by {@link ConfigLoader}.
 */
public record QuantumConfig(Duration gracePeriod, Map<String, ServerConfig> servers) {

    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);

    public QuantumConfig {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        servers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(servers));
    }
}
