package dev.quantum.server.config;

/**
 * A TCP listen address in Caddy's form: {@code ":8080"} (every interface),
 * {@code "localhost:8080"}, {@code "127.0.0.1:0"} (any free port) or {@code "[::1]:8080"}.
 * An empty {@code host} means every interface. Immutable.
 */
public record ListenAddress(String host, int port) {

    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        host = host == null ? "" : host;
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the expected form. */
    public static ListenAddress parse(String text) {
        String s = text.startsWith("tcp/") ? text.substring(4) : text;
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected HOST:PORT or :PORT, got '" + text + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 hosts need brackets, e.g. [::1]:8080");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a port number in '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + text + "'");
        }
        return new ListenAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
