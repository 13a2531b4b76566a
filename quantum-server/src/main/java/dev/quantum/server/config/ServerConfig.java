package dev.quantum.server.config;

import java.util.List;
import java.util.Objects;

/** One HTTP server: where it listens and its routes, tried in order. Immutable. */
public record ServerConfig(String name, List<ListenAddress> listen, List<Route> routes) {
    public ServerConfig {
        Objects.requireNonNull(name, "name");
        listen = List.copyOf(listen);
        routes = List.copyOf(routes);
    }
}
