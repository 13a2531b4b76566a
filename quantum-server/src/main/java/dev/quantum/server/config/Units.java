package dev.quantum.server.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in Go/Caddy syntax ({@code "30s"}, {@code "1h30m"}, {@code "30d"}, or an
 * integer number of seconds) and byte sizes ({@code 1048576}, {@code "100MB"},
 * {@code "64KiB"}), parsed and formatted back in a canonical form. Pure functions.
 */
public final class Units {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");
    private static final Map<String, Long> DURATION_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
            "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d", 86_400_000_000_000L);
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final Map<String, Long> SIZE_UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1000L), Map.entry("kb", 1000L), Map.entry("kib", 1L << 10),
            Map.entry("m", 1000_000L), Map.entry("mb", 1000_000L), Map.entry("mib", 1L << 20),
            Map.entry("g", 1000_000_000L), Map.entry("gb", 1000_000_000L), Map.entry("gib", 1L << 30),
            Map.entry("t", 1000_000_000_000L), Map.entry("tb", 1000_000_000_000L), Map.entry("tib", 1L << 40));

    private Units() {
    }

    /** Parses a duration string; throws {@link IllegalArgumentException} with the accepted forms. */
    public static Duration parseDuration(String text) {
        String s = text.trim();
        Matcher m = DURATION_PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(DURATION_NANOS.get(m.group(2)))));
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new IllegalArgumentException("expected a duration such as \"30s\", \"5m\", \"1h30m\", \"30d\" or a number of seconds");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** The shortest exact form: {@code "30d"}, {@code "5m"}, {@code "90s"}, {@code "250ms"}. */
    public static String formatDuration(Duration d) {
        long nanos = d.toNanos();
        String[] units = {"d", "h", "m", "s", "ms", "us", "ns"};
        for (String unit : units) {
            long size = DURATION_NANOS.get(unit);
            if (nanos % size == 0) {
                return nanos / size + unit;
            }
        }
        return nanos + "ns";
    }

    /** Parses a byte size; throws {@link IllegalArgumentException} with the accepted forms. */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || !SIZE_UNITS.containsKey(m.group(2))) {
            throw new IllegalArgumentException("expected a size such as 1048576, \"100MB\" or \"64KiB\"");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(SIZE_UNITS.get(m.group(2))));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("size too large");
        }
        return bytes.longValue();
    }

    static Duration duration(ConfigNode node) {
        if (node.raw().isIntegralNumber()) {
            return positive(node, Duration.ofSeconds(node.asLong(1)));
        }
        if (!node.raw().isString()) {
            throw node.error("expected a duration such as \"30s\", \"5m\", \"1h30m\", \"30d\" or a number of seconds");
        }
        try {
            return positive(node, parseDuration(node.asString()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw node.error(e.getMessage());
        }
    }

    private static Duration positive(ConfigNode node, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw node.error("must be positive");
        }
        return d;
    }

    static long size(ConfigNode node) {
        if (node.raw().isIntegralNumber()) {
            return node.asLong(0);
        }
        if (!node.raw().isString()) {
            throw node.error("expected a size such as 1048576, \"100MB\" or \"64KiB\"");
        }
        try {
            return parseSize(node.asString());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }
}
