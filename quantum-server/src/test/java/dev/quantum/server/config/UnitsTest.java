package dev.quantum.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({"30s,PT30S", "5m,PT5M", "1h30m,PT1H30M", "30d,PT720H", "1.5h,PT1H30M", "250ms,PT0.25S"})
    void go_style_durations_parse(String text, String iso) {
        assertThat(Units.parseDuration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5 minutes", "m", "-5s", "5x"})
    void malformed_durations_are_rejected(String text) {
        assertThatThrownBy(() -> Units.parseDuration(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"PT720H,30d", "PT5M,5m", "PT90S,90s", "PT0.25S,250ms", "PT1H,1h"})
    void durations_format_in_the_shortest_exact_unit(String iso, String text) {
        assertThat(Units.formatDuration(Duration.parse(iso))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"1048576,1048576", "100MB,100000000", "64KiB,65536", "1.5GiB,1610612736", "10 mb,10000000", "7b,7"})
    void sizes_parse(String text, long bytes) {
        assertThat(Units.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "10 parsecs", "-1", "1e3"})
    void malformed_sizes_are_rejected(String text) {
        assertThatThrownBy(() -> Units.parseSize(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
