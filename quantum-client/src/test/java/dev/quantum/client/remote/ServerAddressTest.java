package dev.quantum.client.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http://localhost:8080,        http://localhost:8080,   ws://localhost:8080/ws",
            "http://localhost:8080/,       http://localhost:8080,   ws://localhost:8080/ws",
            "ws://localhost:8080,          http://localhost:8080,   ws://localhost:8080/ws",
            "ws://localhost:8080/ws,       http://localhost:8080,   ws://localhost:8080/ws",
            "https://sync.example.org,     https://sync.example.org, wss://sync.example.org/ws",
            "wss://sync.example.org/ws/,   https://sync.example.org, wss://sync.example.org/ws",
            "HTTP://127.0.0.1:9/quantum,   http://127.0.0.1:9/quantum, ws://127.0.0.1:9/quantum/ws",
            "http://[::1]:8080,            http://[::1]:8080,       ws://[::1]:8080/ws",
    })
    void derives_both_urls_from_any_form(String given, String http, String ws) {
        ServerAddress address = ServerAddress.parse(given);

        assertThat(address.http()).hasToString(http);
        assertThat(address.ws()).hasToString(ws);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost:8080", "ftp://host", "http://", "http://host/?x=1", "http://host/#top", "not a url"})
    void refuses_what_is_not_a_server_url(String given) {
        assertThatThrownBy(() -> ServerAddress.parse(given)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + given + "'");
    }
}
