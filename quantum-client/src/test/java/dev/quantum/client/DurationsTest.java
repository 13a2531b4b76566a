package dev.quantum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms, 500", "1s, 1000", "30s, 30000", "2m, 120000", "1h30m, 5400000", "45, 45000", "PT2S, 2000", "1d, 86400000"})
    void reads_durations_as_people_write_them(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"soon", "", "10 s", "5x", "s", "1.5s", "-1s", "PTx"})
    void refuses_anything_else_with_examples(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a duration").hasMessageContaining("500ms, 30s");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "0s", "0ms"})
    void refuses_zero(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("must be positive");
    }
}
