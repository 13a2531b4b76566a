package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.quantum.protocol.Message;
import dev.quantum.testkit.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code max_connections}: upgrades beyond the limit get 503 until a connection closes. */
class ConnectionLimitTest extends ServerTest {

    @Override
    String fileSyncOptions() {
        return "\"max_connections\": 2";
    }

    @Test
    void a_connection_beyond_the_limit_is_refused_with_503_until_one_closes() throws Exception {
        try (WsTestClient first = WsTestClient.connect(server.ws()); WsTestClient second = WsTestClient.connect(server.ws())) {
            first.subscribe(new Message.Subscribe("first"));
            second.subscribe(new Message.Subscribe("second"));

            assertThatThrownBy(() -> WsTestClient.connect(server.ws())).hasStackTraceContaining("503");
            assertThat(server.get("/metrics").body()).contains("quantum_ws_connections_refused_total 1.0");

            first.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (WsTestClient third = WsTestClient.connect(server.ws())) {
                    assertThat(third.subscribe(new Message.Subscribe("third"))).isNotNull();
                }
            });
        }
    }
}
