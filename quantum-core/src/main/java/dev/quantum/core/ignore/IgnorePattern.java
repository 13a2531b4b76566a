package dev.quantum.core.ignore;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One compiled gitignore line. Immutable. {@code name}, when present, decides the same as
 * {@code regex} by looking at the last segment only, without a regex (the defaults'
 * {@code *.swp}, {@code ~$*}, {@code .DS_Store} kind: a name, or a name with one {@code *}
 * at its start or end).
 */
record IgnorePattern(String source, Pattern regex, boolean negated, boolean directoryOnly, NameTest name) {

    /** A last segment equal to {@code prefix + suffix} ({@code exact}), or starting with {@code prefix} and ending with {@code suffix}. */
    record NameTest(String prefix, String suffix, boolean exact) {
        boolean test(String path) {
            int start = path.lastIndexOf('/') + 1;
            int length = path.length() - start;
            if (exact) {
                return length == prefix.length() && path.startsWith(prefix, start);
            }
            return length >= prefix.length() + suffix.length() && path.startsWith(prefix, start) && path.endsWith(suffix);
        }

        /** The test for an unanchored glob, when it is that simple. */
        static NameTest of(String glob) {
            int star = glob.indexOf('*');
            String rest = star < 0 ? glob : glob.substring(0, star) + glob.substring(star + 1);
            boolean plain = rest.chars().noneMatch(c -> "*?[\\/".indexOf(c) >= 0) && !rest.isEmpty();
            if (!plain || (star > 0 && star < glob.length() - 1)) {
                return null;
            }
            if (star < 0) {
                return new NameTest(glob, "", true);
            }
            return star == 0 ? new NameTest("", rest, false) : new NameTest(rest, "", false);
        }
    }

    /** The pattern of one line, or empty for a blank line or comment. */
    static Optional<IgnorePattern> parse(String line) {
        String text = trimTrailingSpaces(line);
        if (text.isEmpty() || text.startsWith("#")) {
            return Optional.empty();
        }
        boolean negated = text.startsWith("!");
        if (negated) {
            text = text.substring(1);
        }
        boolean directoryOnly = text.endsWith("/") && !text.endsWith("\\/");
        while (text.endsWith("/") && !text.endsWith("\\/")) {
            text = text.substring(0, text.length() - 1);
        }
        boolean anchored = text.contains("/");
        while (text.startsWith("/")) {
            text = text.substring(1);
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String body = globToRegex(text);
        boolean unanchored = !anchored && !text.startsWith("**");
        String regex = unanchored ? "(?:.*/)?" + body : body;
        return Optional.of(new IgnorePattern(line, Pattern.compile(regex, Pattern.DOTALL), negated, directoryOnly,
                unanchored ? NameTest.of(text) : null));
    }

    boolean matches(String path, boolean directory) {
        if (!directory && directoryOnly) {
            return false;
        }
        return name != null ? name.test(path) : regex.matcher(path).matches();
    }

    private static String trimTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
            end--;
        }
        return line.substring(0, end);
    }

    static String globToRegex(String glob) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' && glob.startsWith("**", i) && atSegmentStart(glob, i) && atSegmentEnd(glob, i + 2)) {
                i = doubleStar(glob, i, out);
                continue;
            }
            switch (c) {
                case '*' -> {
                    out.append("[^/]*");
                    while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                    }
                }
                case '?' -> out.append("[^/]");
                case '[' -> i = characterClass(glob, i, out) - 1;
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        i++;
                    }
                    out.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return out.toString();
    }

    /** {@code **} as a whole segment: {@code **}/ any leading folders, /{@code **} everything below, /{@code **}/ zero or more folders. */
    private static int doubleStar(String glob, int i, StringBuilder out) {
        boolean last = i + 2 >= glob.length();
        if (last) {
            out.append(".*");
            return i + 2;
        }
        out.append("(?:.*/)?");
        return i + 3; // skip "**/"
    }

    private static boolean atSegmentStart(String glob, int i) {
        return i == 0 || glob.charAt(i - 1) == '/';
    }

    private static boolean atSegmentEnd(String glob, int i) {
        return i >= glob.length() || glob.charAt(i) == '/';
    }

    /** Appends a bracket expression starting at {@code start}; returns the index after it. A lone {@code [} is literal. */
    private static int characterClass(String glob, int start, StringBuilder out) {
        int i = start + 1;
        boolean negate = i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^');
        if (negate) {
            i++;
        }
        StringBuilder cls = new StringBuilder();
        boolean first = true;
        while (i < glob.length() && (glob.charAt(i) != ']' || first)) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                c = glob.charAt(++i);
            }
            cls.append(c == '-' && !first && i + 1 < glob.length() && glob.charAt(i + 1) != ']' ? "-" : escapeInClass(c));
            first = false;
            i++;
        }
        if (i >= glob.length()) {
            out.append(Pattern.quote("["));
            return start + 1;
        }
        out.append('[').append(negate ? "^/" : "").append(cls).append(']');
        return i + 1;
    }

    private static String escapeInClass(char c) {
        return "\\[]^-&".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
    }

    @Override
    public String toString() {
        return source;
    }
}
