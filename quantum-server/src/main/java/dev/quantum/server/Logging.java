package dev.quantum.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Applies the level from {@link LogLevel} to Logback; Jetty stays at WARN unless {@code trace} is asked for. */
final class Logging {

    private Logging() {
    }

    /** Sets the levels; returns a warning to print when the variable was not understood. */
    static Optional<String> configure(Map<String, String> env) {
        Optional<String> level = LogLevel.fromEnvironment(env);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.orElse("info"), Level.INFO));
        Logger jetty = (Logger) LoggerFactory.getLogger("org.eclipse.jetty");
        jetty.setLevel(level.filter("trace"::equals).isPresent() ? Level.DEBUG : Level.WARN);
        String asked = Optional.ofNullable(env.get("QUANTUM_LOG")).filter(s -> !s.isBlank()).orElse(env.get("RUST_LOG"));
        if (asked != null && !asked.isBlank() && level.isEmpty()) {
            return Optional.of("ignoring log level '" + asked + "' (use trace, debug, info, warn or error)");
        }
        return Optional.empty();
    }
}
