package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names for the losing side of a conflict: {@code NAME.sync-conflict-YYYYMMDD-HHMMSS-CLIENTID.EXT}
 * in UTC, kept beside the winner. A pure function of (name, instant, client id), so it is
 * the same on every run and testable without a clock.
 *
 * <p>The extension is what follows the last dot; a name without one, or a dotfile such
 * as {@code .bashrc}, gets the suffix at its end. The client id keeps only letters,
 * digits, {@code -} and {@code _} (at most 32), and a stem too long for the 255-byte
 * segment limit is shortened.
 */
public final class ConflictNames {

    public static final String MARKER = ".sync-conflict-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern CONFLICT = Pattern.compile(".*\\.sync-conflict-\\d{8}-\\d{6}-[A-Za-z0-9_-]+(\\.[^.]*)?");
    private static final int MAX_CLIENT_ID = 32;
    private static final int MAX_SEGMENT_BYTES = 255;

    private ConflictNames() {
    }

    /** The conflict copy's file name for {@code name}. */
    public static String name(String name, Instant at, String clientId) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clientId, "clientId");
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("not a file name: '" + name + "'");
        }
        int dot = name.lastIndexOf('.');
        boolean hasExtension = dot > 0 && dot < name.length() - 1;
        String stem = hasExtension ? name.substring(0, dot) : name;
        String extension = hasExtension ? name.substring(dot) : "";
        String suffix = MARKER + STAMP.format(at) + "-" + sanitise(clientId) + extension;
        return shorten(stem, MAX_SEGMENT_BYTES - bytes(suffix)) + suffix;
    }

    /** The conflict copy of {@code path}, in the same folder. */
    public static RelativePath path(RelativePath path, Instant at, String clientId) {
        String copy = name(path.name(), at, clientId);
        return path.parent().map(p -> p.resolve(copy)).orElseGet(() -> RelativePath.of(copy));
    }

    /** True when {@code name} looks like a conflict copy made by {@link #name}. */
    public static boolean isConflictCopy(String name) {
        return CONFLICT.matcher(name).matches();
    }

    static String sanitise(String clientId) {
        StringBuilder out = new StringBuilder();
        clientId.codePoints().forEach(cp -> {
            boolean ok = cp < 128 && (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_');
            if (ok && out.length() < MAX_CLIENT_ID) {
                out.appendCodePoint(cp);
            }
        });
        return out.isEmpty() ? "unknown" : out.toString();
    }

    private static String shorten(String stem, int maxBytes) {
        if (bytes(stem) <= maxBytes) {
            return stem;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int cp = stem.codePointAt(i);
            int size = bytes(new String(Character.toChars(cp)));
            if (used + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
