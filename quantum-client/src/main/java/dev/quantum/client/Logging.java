package dev.quantum.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Sets the log level from {@code QUANTUM_LOG} (or the seeds' {@code RUST_LOG}): debug, info, warn or error. */
final class Logging {

    private Logging() {
    }

    static void configure(Map<String, String> env) {
        Level level = level(env.getOrDefault("QUANTUM_LOG", env.getOrDefault("RUST_LOG", "info")));
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("dev.quantum")).setLevel(level);
    }

    /** The level named in {@code spec}; RUST_LOG forms such as {@code info,hyper=warn} use their first plain level. */
    static Level level(String spec) {
        for (String part : spec.split(",")) {
            String word = part.contains("=") ? part.substring(part.indexOf('=') + 1) : part;
            switch (word.strip().toLowerCase(Locale.ROOT)) {
                case "trace", "debug" -> {
                    return Level.DEBUG;
                }
                case "info" -> {
                    return Level.INFO;
                }
                case "warn", "warning" -> {
                    return Level.WARN;
                }
                case "error" -> {
                    return Level.ERROR;
                }
                default -> {
                    // not a level; look further
                }
            }
        }
        return Level.INFO;
    }
}
