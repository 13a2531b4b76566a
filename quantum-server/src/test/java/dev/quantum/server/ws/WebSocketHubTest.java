package dev.quantum.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Message;
import dev.quantum.testkit.FakeClock;
import dev.quantum.testkit.WsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketHubTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    private final HubFixture fixture = new HubFixture();
    private final MemoryChangeFeed feed = fixture.feed;
    private final FakeClock clock = fixture.clock;
    private final SimpleMeterRegistry registry = fixture.registry;
    private WebSocketHub hub;
    private URI ws;

    private void start(HubSettings settings) throws Exception {
        fixture.start(settings);
        hub = fixture.hub;
        ws = fixture.ws;
    }

    private void start() throws Exception {
        start(HubSettings.defaults());
    }

    private WsTestClient client() throws Exception {
        return fixture.client();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static Operation create(String path) {
        return HubFixture.create(path);
    }

    @Test
    void subscribe_is_acknowledged_with_the_log_head_and_ping_gets_pong() throws Exception {
        start();
        feed.commit(create("a"), null);
        WsTestClient c = client();

        assertThat(c.subscribe(new Message.Subscribe("c1"))).isEqualTo(new Message.Ack("subscribe", 1L));
        c.send("{\"type\":\"Ping\"}");
        assertThat(c.pollText(WAIT)).isEqualTo("{\"type\":\"Pong\"}");
    }

    @Test
    void a_change_reaches_every_subscriber_but_its_source() throws Exception {
        start();
        WsTestClient source = client();
        WsTestClient other = client();
        WsTestClient unsubscribed = client();
        source.subscribe(new Message.Subscribe("source"));
        other.subscribe(new Message.Subscribe("other"));

        feed.commit(create("docs/a.txt"), "source");

        Message.FileOperation got = other.fileOperations(1, WAIT).get(0);
        assertThat(got).isEqualTo(new Message.FileOperation(create("docs/a.txt"), "source", 1L));
        assertThat(source.drain(QUIET)).isEmpty();
        assertThat(unsubscribed.drain(QUIET)).isEmpty();
    }

    @Test
    void every_subscriber_on_every_lane_gets_every_change_in_order() throws Exception {
        start();
        List<WsTestClient> subscribers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            WsTestClient c = client();
            c.subscribe(new Message.Subscribe("s" + i));
            subscribers.add(c);
        }

        for (int i = 0; i < 200; i++) {
            feed.commit(create("f/" + i), "writer");
        }

        for (WsTestClient c : subscribers) {
            assertThat(c.fileOperations(200, WAIT)).extracting(Message.FileOperation::seq)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
        }
    }

    @Test
    void since_replays_the_log_then_goes_live_without_gap_or_duplicate_under_concurrent_commits() throws Exception {
        start();
        for (int i = 0; i < 300; i++) {
            feed.commit(create("before/" + i), "writer");
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 700; i++) {
                feed.commit(create("during/" + i), "writer");
            }
        });
        WsTestClient c = client();
        c.send(new Message.Subscribe("reader", 10L, null));
        writer.join();

        List<Message.FileOperation> ops = c.fileOperations(990, WAIT);

        assertThat(ops).extracting(Message.FileOperation::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(11, 1000).boxed().toList());
        assertThat(c.drain(QUIET)).isEmpty();
    }

    @Test
    void replay_skips_the_subscribers_own_changes() throws Exception {
        start();
        feed.commit(create("mine"), "me");
        feed.commit(create("theirs"), "them");
        WsTestClient c = client();
        c.send(new Message.Subscribe("me", 0L, null));

        assertThat(c.fileOperations(1, WAIT).get(0).seq()).isEqualTo(2L);
        assertThat(c.drain(QUIET)).filteredOn(m -> m instanceof Message.FileOperation).isEmpty();
    }

    @Test
    void paths_filter_selects_matching_changes_and_moves_touching_them() throws Exception {
        start();
        WsTestClient c = client();
        c.subscribe(new Message.Subscribe("c1", null, List.of("docs/**/*.txt", "photos")));

        feed.commit(create("other/a.txt"), null);
        feed.commit(create("docs/deep/b.txt"), null);
        feed.commit(create("photos/x.jpg"), null);
        feed.commit(create("docs/c.bin"), null);
        feed.commit(new Operation.Move(RelativePath.of("tmp/y.txt"), RelativePath.of("docs/y.txt")), null);

        assertThat(c.fileOperations(3, WAIT)).extracting(Message.FileOperation::seq).containsExactly(2L, 3L, 5L);
        assertThat(c.drain(QUIET)).isEmpty();
    }

    @Test
    void bad_input_gets_an_error_and_the_connection_stays_open() throws Exception {
        start();
        WsTestClient c = client();
        for (String bad : List.of("{not json", "{\"type\":\"Explode\"}", "[1,2]",
                "{\"type\":\"FileOperation\",\"operation\":{\"Delete\":{\"path\":\"../../etc/passwd\"}},\"source_client\":\"x\"}",
                "{\"type\":\"Subscribe\",\"client_id\":\"c\",\"paths\":[\"\"]}",
                "{\"type\":\"Ack\",\"operation_id\":\"subscribe\"}")) {
            c.send(bad);
            Message reply = c.poll(WAIT);
            assertThat(reply).as(bad).isInstanceOf(Message.Error.class);
        }
        c.send(new Message.Ping());
        assertThat(c.poll(WAIT)).isEqualTo(new Message.Pong());
        assertThat(feed.head()).isZero();
    }

    @Test
    void client_operations_are_submitted_and_rejections_are_errors() throws Exception {
        start();
        WsTestClient sender = client();
        WsTestClient other = client();
        sender.subscribe(new Message.Subscribe("sender"));
        other.subscribe(new Message.Subscribe("other"));

        sender.send(new Message.FileOperation(new Operation.Delete(RelativePath.of("gone.txt")), "spoofed"));
        assertThat(sender.next(m -> !(m instanceof Message.Pong), WAIT)).isEqualTo(new Message.Ack("file_operation", 1L));
        Message.FileOperation relayed = other.fileOperations(1, WAIT).get(0);
        assertThat(relayed.sourceClient()).isEqualTo("sender");

        sender.send(new Message.FileOperation(new Operation.Delete(RelativePath.of("missing.txt")), "sender"));
        assertThat(sender.poll(WAIT)).isEqualTo(new Message.Error("cannot delete missing.txt: no such file"));
        assertThat(other.drain(QUIET)).isEmpty();
    }

    @Test
    void since_older_than_the_retained_log_gets_an_error_and_a_policy_close() throws Exception {
        start();
        for (int i = 0; i < 10; i++) {
            feed.commit(create("f" + i), null);
        }
        feed.forgetBefore(5);
        WsTestClient c = client();
        c.send(new Message.Subscribe("c", 1L, null));

        assertThat(c.next(m -> m instanceof Message.Error, WAIT).toString()).contains("no longer retained");
        assertThat(c.awaitClose(WAIT)).isEqualTo(1008);
    }

    @Test
    void a_slow_consumer_is_closed_instead_of_growing_server_memory() throws Exception {
        start(new HubSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5), 64 * 1024, 64, List.of()));
        WsTestClient slow = client();
        WsTestClient fast = client();
        slow.subscribe(new Message.Subscribe("slow"));
        fast.subscribe(new Message.Subscribe("fast"));
        slow.stopReading();

        String longName = ("d".repeat(250) + "/").repeat(15);
        for (int i = 0; i < 50_000 && slowConsumersClosed() == 0; i++) {
            feed.commit(create(longName + i), null);
            if (i % 50 == 0) {
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(WAIT)
                        .until(() -> fast.receivedCount() >= feed.head() - 50);
            }
        }

        assertThat(slowConsumersClosed()).isEqualTo(1);
        await().atMost(WAIT).until(() -> hub.connectionCount() == 1);
        fast.send(new Message.Ping());
        assertThat(fast.next(m -> m instanceof Message.Pong, Duration.ofSeconds(30))).isEqualTo(new Message.Pong());
    }

    private double slowConsumersClosed() {
        return registry.counter("quantum_ws_slow_consumers_closed").count();
    }

    @Test
    void a_connection_silent_past_the_timeout_is_swept() throws Exception {
        start();
        WsTestClient silent = client();
        silent.subscribe(new Message.Subscribe("silent"));
        clock.advance(Duration.ofMinutes(4));
        hub.sweep();
        assertThat(silent.isOpen()).isTrue();

        clock.advance(Duration.ofMinutes(2));
        hub.sweep();

        assertThat(silent.awaitClose(WAIT)).isEqualTo(1000);
        await().atMost(WAIT).until(() -> hub.connectionCount() == 0);
    }

    @Test
    void oversized_frames_close_the_connection_with_a_policy_code() throws Exception {
        start(new HubSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5), 4096, 1024, List.of()));
        WsTestClient c = client();
        c.send("{\"type\":\"Subscribe\",\"client_id\":\"" + "x".repeat(10_000) + "\"}");
        assertThat(c.awaitClose(WAIT)).isEqualTo(1009);
    }

    @Test
    void a_client_flooding_past_its_message_rate_is_closed_with_a_policy_code() throws Exception {
        start(new HubSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5), 64 * 1024, 1024,
                List.of(), 5));
        WsTestClient flooder = client();
        WsTestClient calm = client();
        for (int i = 0; i < 10; i++) {
            flooder.send(new Message.Ping());
        }

        assertThat(flooder.awaitClose(WAIT)).isEqualTo(1008);
        assertThat(flooder.closeReason()).contains("rate limit");
        calm.send(new Message.Ping());
        assertThat(calm.poll(WAIT)).isEqualTo(new Message.Pong());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            0  | 300 | 300 | 65536 | 1024 | 0  | heartbeat_interval: must be a positive duration
            30 | 0   | 300 | 65536 | 1024 | 0  | connection_timeout: must be a positive duration
            30 | 300 | 0   | 65536 | 1024 | 0  | stale_sweep_interval: must be a positive duration
            30 | 300 | 300 | 100   | 1024 | 0  | max_frame_size: must be at least 1024 bytes
            30 | 300 | 300 | 65536 | 0    | 0  | send_queue_limit: must be at least 1
            30 | 300 | 300 | 65536 | 1024 | -1 | max_messages_per_second: must not be negative
            """)
    void bad_hub_settings_name_the_option_at_fault(long beat, long timeout, long sweep, int frame, int queue,
            int rate, String expected) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HubSettings(Duration.ofSeconds(beat),
                Duration.ofSeconds(timeout), Duration.ofSeconds(sweep), frame, queue, List.of(), rate))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
    }

    @Test
    void browsers_from_other_origins_are_refused() throws Exception {
        start();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WsTestClient.connect(ws, "http://evil.example"))
                .hasStackTraceContaining("403");
        WsTestClient same = WsTestClient.connect(ws, "http://" + ws.getAuthority());
        fixture.closeLater(same);
        assertThat(same.subscribe(new Message.Subscribe("b"))).isNotNull();
    }

    @Test
    void the_seeds_curl_handshake_without_a_version_header_is_upgraded() throws Exception {
        start();
        try (Socket s = new Socket(ws.getHost(), ws.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: " + ws.getAuthority() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void a_plain_get_on_ws_is_a_clear_400() throws Exception {
        start();
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http" + ws.toString().substring(2))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
    }
}
