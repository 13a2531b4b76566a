package dev.quantum.server.config;

import java.util.List;

/**
 * Caddy's {@code path} matcher: a pattern matches the request path exactly, or, with a
 * trailing {@code *}, as a prefix ({@code /api/*} matches {@code /api/list} but not
 * {@code /api}), or, with a leading {@code *}, as a suffix. {@code /*} matches every
 * path. Immutable.
 */
public record PathMatcher(List<String> patterns) implements RequestMatcher {

    public PathMatcher {
        patterns = List.copyOf(patterns);
    }

    static PathMatcher decode(ConfigNode node) {
        List<ConfigNode> items = node.asArray();
        if (items.isEmpty()) {
            throw node.error("needs at least one path");
        }
        for (ConfigNode item : items) {
            String pattern = item.asString();
            if (!pattern.startsWith("/") && !pattern.startsWith("*")) {
                throw item.error("must start with '/' or '*'");
            }
        }
        return new PathMatcher(items.stream().map(ConfigNode::asString).toList());
    }

    @Override
    public boolean matches(String path) {
        for (String pattern : patterns) {
            if (matches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String path) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith("*")) {
            return path.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        if (pattern.startsWith("*")) {
            return path.endsWith(pattern.substring(1));
        }
        return path.equals(pattern);
    }
}
