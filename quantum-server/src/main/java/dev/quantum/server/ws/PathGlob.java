package dev.quantum.server.ws;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code paths} filter of a subscription: globs where {@code *} and {@code ?} stay
 * within a segment and {@code **} spans segments; a glob also matches everything below
 * a folder it matches, so {@code docs} selects the whole folder. An operation passes
 * when any path it touches matches. Immutable.
 */
record PathGlob(List<Pattern> patterns) {

    static final PathGlob ALL = new PathGlob(List.of());

    /** Compiles {@code globs}; null or empty selects everything. */
    static PathGlob of(List<String> globs) {
        if (globs == null || globs.isEmpty()) {
            return ALL;
        }
        return new PathGlob(globs.stream().map(PathGlob::compile).toList());
    }

    boolean matches(Operation operation) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (RelativePath path : operation.paths()) {
            if (matches(path.value())) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String path) {
        for (Pattern p : patterns) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern compile(String glob) {
        String g = glob.strip();
        while (g.startsWith("/")) {
            g = g.substring(1);
        }
        if (g.isEmpty() || g.length() > 1024) {
            throw new IllegalArgumentException("paths: invalid glob '" + glob + "'");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean slashFollows = i + 2 < g.length() && g.charAt(i + 2) == '/';
                regex.append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        regex.append("(?:/.*)?");
        try {
            return Pattern.compile(regex.toString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("paths: invalid glob '" + glob + "'", e);
        }
    }
}
