package dev.quantum.server.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One HTTP server: where it listens, its routes (tried in order) and, with {@code tls}, HTTPS. Immutable. */
public record ServerConfig(String name, List<ListenAddress> listen, List<Route> routes, Optional<TlsConfig> tls) {
    public ServerConfig {
        Objects.requireNonNull(name, "name");
        listen = List.copyOf(listen);
        routes = List.copyOf(routes);
        Objects.requireNonNull(tls, "tls");
    }

    public ServerConfig(String name, List<ListenAddress> listen, List<Route> routes) {
        this(name, listen, routes, Optional.empty());
    }
}
