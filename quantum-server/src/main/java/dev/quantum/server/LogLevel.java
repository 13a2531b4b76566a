package dev.quantum.server;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The log level asked for in the environment: {@code QUANTUM_LOG}, else {@code RUST_LOG}
 * (as the seeds use it). Plain levels ({@code debug}) and RUST_LOG's directive lists
 * ({@code quantum=debug}, {@code info,foo=warn}) are understood: the first bare level
 * wins, else the level of the first directive. Pure functions.
 */
final class LogLevel {

    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private LogLevel() {
    }

    /** The level to use, or empty when none is set or it is not understood. */
    static Optional<String> fromEnvironment(Map<String, String> env) {
        String quantum = env.get("QUANTUM_LOG");
        if (quantum != null && !quantum.isBlank()) {
            return parse(quantum);
        }
        String rust = env.get("RUST_LOG");
        return rust == null || rust.isBlank() ? Optional.empty() : parse(rust);
    }

    static Optional<String> parse(String spec) {
        Optional<String> firstDirective = Optional.empty();
        for (String part : spec.split(",")) {
            String directive = part.trim().toLowerCase(Locale.ROOT);
            int eq = directive.indexOf('=');
            if (eq < 0) {
                String level = normalise(directive);
                if (LEVELS.contains(level)) {
                    return Optional.of(level);
                }
            } else if (firstDirective.isEmpty()) {
                String level = normalise(directive.substring(eq + 1).trim());
                firstDirective = LEVELS.contains(level) ? Optional.of(level) : Optional.empty();
            }
        }
        return firstDirective;
    }

    private static String normalise(String level) {
        return level.equals("warning") ? "warn" : level;
    }
}
