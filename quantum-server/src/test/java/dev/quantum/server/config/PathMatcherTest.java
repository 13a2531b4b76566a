package dev.quantum.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathMatcherTest {

    @ParameterizedTest
    @CsvSource({
        "/api/*, /api/list, true",
        "/api/*, /api/, true",
        "/api/*, /api, false",
        "/api/*, /apix, false",
        "/ws, /ws, true",
        "/ws, /ws/x, false",
        "/*, /, true",
        "/*, /index.html, true",
        "*.css, /a/b.css, true",
        "*, /anything, true",
    })
    void patterns_follow_caddy_path_semantics(String pattern, String path, boolean matches) {
        assertThat(new PathMatcher(List.of(pattern)).matches(path)).isEqualTo(matches);
    }
}
