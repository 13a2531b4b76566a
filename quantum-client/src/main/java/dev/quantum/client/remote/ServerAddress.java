package dev.quantum.client.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the server is: the HTTP base (API under {@code /api/}) and the WebSocket URL
 * ({@code /ws}), both derived from whatever the user gave: {@code http://}, {@code https://},
 * {@code ws://} or {@code wss://}, with or without a trailing {@code /ws}. Immutable.
 */
public record ServerAddress(URI http, URI ws) {

    public ServerAddress {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(ws, "ws");
    }

    /** Parses a server URL, throwing {@link IllegalArgumentException} with a one-line reason. */
    public static ServerAddress parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + text + "' (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = switch (scheme) {
            case "http", "ws" -> false;
            case "https", "wss" -> true;
            default -> throw new IllegalArgumentException("the server URL must start with http://, https://, ws:// or wss://, got '" + text + "'");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the server URL has no host: '" + text + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the server URL must not have a query or fragment: '" + text + "'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/ws")) {
            path = path.substring(0, path.length() - 3);
        }
        String authority = uri.getRawAuthority();
        return new ServerAddress(
                URI.create((secure ? "https" : "http") + "://" + authority + path),
                URI.create((secure ? "wss" : "ws") + "://" + authority + path + "/ws"));
    }

    @Override
    public String toString() {
        return http.toString();
    }
}
