package dev.quantum.core.ignore;

import dev.quantum.core.RelativePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paths a synced folder leaves out, from {@code .syncignore} text in gitignore syntax
 * on top of {@link #DEFAULTS} (which a {@code !} line can re-include). Supported: blank
 * lines and {@code #} comments, {@code *} {@code ?} {@code [a-z]} {@code [!x]} globs,
 * {@code **} across folders, a leading or inner {@code /} anchoring to the folder root,
 * a trailing {@code /} for folders only, {@code !} negation, {@code \} escapes. As in
 * git, the last matching rule wins and nothing inside an ignored folder comes back.
 * Immutable and thread-safe; remembers its decision per folder (up to
 * {@value #MAX_REMEMBERED} folders), so a path costs one match once its folders are known.
 */
public final class IgnoreRules {

    /** Editors' and operating systems' temp files, and our own metadata folder. */
    public static final List<String> DEFAULTS = List.of("*.swp", "~$*", ".#*", "*.tmp", ".DS_Store", RelativePath.METADATA_DIR);

    /** The name of the rules file at the root of a synced folder. */
    public static final String FILE_NAME = ".syncignore";

    private static final IgnoreRules DEFAULT_RULES = new IgnoreRules(compile(DEFAULTS), "");

    static final int MAX_REMEMBERED = 16_384;

    private final List<IgnorePattern> patterns;
    private final String text;
    private final Map<String, Boolean> folders = new ConcurrentHashMap<>();

    private IgnoreRules(List<IgnorePattern> patterns, String text) {
        this.patterns = List.copyOf(patterns);
        this.text = text;
    }

    public static IgnoreRules defaults() {
        return DEFAULT_RULES;
    }

    /** The defaults followed by the rules in {@code syncignoreText}. */
    public static IgnoreRules parse(String syncignoreText) {
        List<String> lines = new ArrayList<>(DEFAULTS);
        lines.addAll(syncignoreText.lines().toList());
        return new IgnoreRules(compile(lines), syncignoreText);
    }

    /** True when {@code path} (a folder when {@code directory}) or a folder above it is ignored. */
    public boolean ignores(RelativePath path, boolean directory) {
        String value = path.value();
        int slash = value.lastIndexOf('/');
        return (slash > 0 && folderIgnored(value.substring(0, slash))) || matches(value, directory);
    }

    private boolean folderIgnored(String folder) {
        Boolean known = folders.get(folder);
        if (known != null) {
            return known;
        }
        int slash = folder.lastIndexOf('/');
        boolean ignored = (slash > 0 && folderIgnored(folder.substring(0, slash))) || matches(folder, true);
        if (folders.size() >= MAX_REMEMBERED) {
            folders.clear();
        }
        folders.put(folder, ignored);
        return ignored;
    }

    /** The {@code .syncignore} text these rules came from ({@code ""} for the defaults alone). */
    public String text() {
        return text;
    }

    private boolean matches(String path, boolean directory) {
        boolean ignored = false;
        for (IgnorePattern pattern : patterns) {
            if (pattern.matches(path, directory)) {
                ignored = !pattern.negated();
            }
        }
        return ignored;
    }

    private static List<IgnorePattern> compile(List<String> lines) {
        List<IgnorePattern> out = new ArrayList<>();
        for (String line : lines) {
            IgnorePattern.parse(line).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public String toString() {
        return "IgnoreRules" + patterns;
    }
}
