package dev.quantum.core;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A path inside a synced folder: relative, {@code /}-separated, NFC-normalised UTF-8.
 * Every path rule of the product lives here, so a value that exists is valid. Immutable.
 *
 * <p>Rejected: empty paths and segments, absolute paths (leading {@code /} or a drive
 * letter), {@code .} and {@code ..} segments, {@code \}, NUL and other control
 * characters, a segment over 255 UTF-8 bytes or a path over 4096, unpaired surrogates,
 * and anything under the reserved metadata folder {@code .quantum}. A trailing slash is
 * dropped. Escapes through symlinks are checked where the path meets a disk.
 */
public record RelativePath(String value) implements Comparable<RelativePath> {

    /** Name of the metadata folder at the root of every synced tree; never listed or synced. */
    public static final String METADATA_DIR = ".quantum";
    static final int MAX_SEGMENT_BYTES = 255;
    static final int MAX_PATH_BYTES = 4096;

    public RelativePath {
        if (value == null) {
            throw new InvalidPathException(null, "required");
        }
        String normal = normalise(value);
        validate(value, normal);
        value = normal;
    }

    /** Parses {@code raw}, throwing {@link InvalidPathException} with the rule it broke. */
    public static RelativePath of(String raw) {
        return new RelativePath(raw);
    }

    /** Like {@link #of} but empty for an invalid path. */
    public static Optional<RelativePath> tryParse(String raw) {
        try {
            return Optional.of(new RelativePath(raw));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static String normalise(String raw) {
        String trimmed = raw.endsWith("/") && raw.length() > 1 && !raw.endsWith("//")
                ? raw.substring(0, raw.length() - 1) : raw;
        return Normalizer.isNormalized(trimmed, Normalizer.Form.NFC)
                ? trimmed : Normalizer.normalize(trimmed, Normalizer.Form.NFC);
    }

    private static void validate(String raw, String path) {
        if (path.isEmpty()) {
            throw new InvalidPathException(raw, "empty");
        }
        if (path.startsWith("/")) {
            throw new InvalidPathException(raw, "absolute paths are not allowed");
        }
        if (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0))) {
            throw new InvalidPathException(raw, "drive letters are not allowed");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == 0) {
                throw new InvalidPathException(raw, "NUL character");
            }
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                throw new InvalidPathException(raw, "control character");
            }
            if (c == '\\') {
                throw new InvalidPathException(raw, "backslash is not allowed");
            }
            if (Character.isSurrogate(c) && !validSurrogatePair(path, i)) {
                throw new InvalidPathException(raw, "invalid UTF-16 (unpaired surrogate)");
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new InvalidPathException(raw, "longer than " + MAX_PATH_BYTES + " bytes");
        }
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new InvalidPathException(raw, "empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidPathException(raw, "'" + segment + "' segments are not allowed");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw new InvalidPathException(raw, "a segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        if (segments[0].equals(METADATA_DIR)) {
            throw new InvalidPathException(raw, "'" + METADATA_DIR + "' is reserved for metadata");
        }
    }

    private static boolean validSurrogatePair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }

    /** The last segment. */
    public String name() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    /** The parent folder, or empty for a top-level entry. */
    public Optional<RelativePath> parent() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(new RelativePath(value.substring(0, slash)));
    }

    /** The segments, root first. */
    public List<String> segments() {
        return Arrays.asList(value.split("/"));
    }

    /** {@code parent/child}; throws if {@code child} is not a single valid segment. */
    public RelativePath resolve(String child) {
        if (child.contains("/")) {
            throw new InvalidPathException(child, "not a single segment");
        }
        return new RelativePath(value + "/" + child);
    }

    /** True when this path equals {@code ancestor} or lies below it. */
    public boolean isWithin(RelativePath ancestor) {
        int n = ancestor.value.length();
        return value.startsWith(ancestor.value) && (value.length() == n || value.charAt(n) == '/');
    }

    /** The path with {@code from} (an ancestor or itself) replaced by {@code to}. */
    public RelativePath rebase(RelativePath from, RelativePath to) {
        if (!isWithin(from)) {
            throw new IllegalArgumentException(value + " is not within " + from.value);
        }
        return new RelativePath(to.value + value.substring(from.value.length()));
    }

    /**
     * A key equal for paths that differ only by letter case (NFC is already applied), used
     * to keep such paths from overwriting each other on case-insensitive disks.
     */
    public String foldedKey() {
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * Orders by segments, so a folder sorts directly before its contents: UTF-16 order
     * with {@code /} below every other character (no valid path holds a lower one).
     * Allocates nothing.
     */
    @Override
    public int compareTo(RelativePath other) {
        String a = value;
        String b = other.value;
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return (x == '/' ? 0 : x) - (y == '/' ? 0 : y);
            }
        }
        return a.length() - b.length();
    }

    @Override
    public String toString() {
        return value;
    }
}
