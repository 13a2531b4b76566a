package dev.quantum.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.bench.proc.BenchEnv;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator as the harness runs it: its own JVM, driven through {@link Generator},
 * against a {@link ScriptedServer}: CONNECT, COLLECT with latencies, missing subscribers
 * and problems, and a refused upload number.
 */
class GeneratorProcessTest {

    /** A ping: its pong proves the subscriber handled every frame sent before it. */
    private static final byte[] PING = ServerFrames.frame(WsFrames.PING, new byte[0]);

    @TempDir
    Path logs;

    private BenchEnv env() {
        return new BenchEnv(true, Path.of(System.getProperty("java.home")), Path.of("server.jar"), Path.of("client.jar"),
                System.getProperty("java.class.path"), logs, logs, List.of("-XX:TieredStopAtLevel=1"), null);
    }

    @Test
    void connects_collects_receipts_and_reports_missing_subscribers_and_problems() throws Exception {
        try (ScriptedServer server = new ScriptedServer(); Generator g = Generator.start(env(), server.uri(), "64m")) {
            Thread connecting = Thread.ofPlatform().start(() -> {
                try {
                    assertThat(g.connect(2, "127.0.0.1", "t")).isZero();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket one = server.accept(true); Socket two = server.accept(true)) {
                OutputStream outOne = one.getOutputStream();
                OutputStream outTwo = two.getOutputStream();
                assertThat(ScriptedServer.readClientFrame(one.getInputStream())).startsWith("1:{\"type\":\"Subscribe\"");
                assertThat(ScriptedServer.readClientFrame(two.getInputStream())).startsWith("1:{\"type\":\"Subscribe\"");
                outOne.write(ServerFrames.text(ScriptedServer.SUBSCRIBE_ACK));
                outTwo.write(ServerFrames.text(ScriptedServer.SUBSCRIBE_ACK));
                connecting.join();
                assertThat(g.connected()).isEqualTo(2);

                long t0 = Clock.micros();
                outOne.write(ServerFrames.concat(ServerFrames.text(ScriptedServer.fileOperation(0, 1)), PING));
                assertThat(ScriptedServer.readClientFrame(one.getInputStream())).isEqualTo("10:");
                Generator.Receipts r = g.collect(0, t0, Duration.ofMillis(300));
                assertThat(r.latencyMicros()).hasSize(1);
                assertThat(r.latencyMicros()[0]).isNotNegative();
                assertThat(r.missing()).isEqualTo(1);
                assertThat(r.problems()).isZero();

                outOne.write(ServerFrames.concat(ServerFrames.text(ScriptedServer.fileOperation(0, 2)), PING));
                outTwo.write(ServerFrames.concat(ServerFrames.text(ScriptedServer.fileOperation(1, 2)), PING));
                assertThat(ScriptedServer.readClientFrame(one.getInputStream())).isEqualTo("10:");
                assertThat(ScriptedServer.readClientFrame(two.getInputStream())).isEqualTo("10:");
                Generator.Receipts again = g.collect(1, t0, Duration.ofMillis(300));
                assertThat(again.missing()).isEqualTo(1);
                assertThat(again.problems()).isEqualTo(1);
                assertThat(again.firstProblem()).matches("t-[01] got upload 0 twice");
            }
        }
    }

    @Test
    void a_connection_that_fails_is_counted_with_its_reason() throws Exception {
        URI closed;
        try (ScriptedServer gone = new ScriptedServer()) {
            closed = gone.uri();
        }
        try (Generator g = Generator.start(env(), closed, "64m")) {
            assertThat(g.connect(1, "127.0.0.1", "t")).isEqualTo(1);
            assertThat(g.firstFailure()).startsWith("t-0 (CONNECTING): java.net.ConnectException");
        }
    }

    @Test
    void an_upload_number_beyond_what_a_run_may_use_is_refused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(); Generator g = Generator.start(env(), server.uri(), "64m")) {
            assertThatThrownBy(() -> g.collect(Subscriber.MAX_UPLOADS, 0, Duration.ofSeconds(1)))
                    .hasMessageContaining("upload 256 is outside 0..255");
        }
    }
}
