package dev.quantum.client;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations the way people write them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}, {@code 45} (seconds), or ISO {@code PT30S}. */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    static Duration parse(String text) {
        String s = text.strip().toLowerCase(java.util.Locale.ROOT);
        Duration result;
        if (s.matches("\\d+")) {
            result = Duration.ofSeconds(Long.parseLong(s));
        } else if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                result = Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        } else {
            result = parseParts(s, text);
        }
        if (result.isNegative() || result.isZero()) {
            throw new IllegalArgumentException("a duration must be positive: '" + text + "'");
        }
        return result;
    }

    private static Duration parseParts(String s, String original) {
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(original);
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            at = m.end();
        }
        if (at == 0) {
            throw invalid(original);
        }
        return total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not a duration: '" + text + "' (examples: 500ms, 30s, 2m, 1h30m)");
    }
}
