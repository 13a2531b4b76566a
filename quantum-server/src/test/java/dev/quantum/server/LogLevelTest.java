package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogLevelTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        "debug, debug",
        "INFO, info",
        "warning, warn",
        "quantum=debug, debug",
        "'info,foo=warn', info",
        "'foo=warn,debug', debug",
        "'foo=trace,bar=error', trace",
        "verbose, none",
        "'foo=loud', none",
    })
    void quantum_log_and_rust_log_forms_are_understood(String spec, String level) {
        assertThat(LogLevel.parse(spec)).isEqualTo(Optional.ofNullable(level));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        "debug, warn, debug",
        "none, warn, warn",
        "'', error, error",
        "none, none, none",
    })
    void quantum_log_wins_over_rust_log(String quantum, String rust, String level) {
        Map<String, String> env = new java.util.HashMap<>();
        if (quantum != null) {
            env.put("QUANTUM_LOG", quantum);
        }
        if (rust != null) {
            env.put("RUST_LOG", rust);
        }
        assertThat(LogLevel.fromEnvironment(env)).isEqualTo(Optional.ofNullable(level));
    }
}
