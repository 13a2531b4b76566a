package dev.quantum.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link Subscriber} on a real {@link SelectorLoop} against a scripted server on a
 * loopback socket: the script writes frames split and merged at will, and reads what the
 * subscriber answers, which also orders the assertions (the subscriber handles frames in
 * order on one thread, so its pong proves it handled everything sent before the ping).
 */
class SubscriberLoopTest {

    private ScriptedServer server;
    private SelectorLoop loop;
    private final Tally tally = new Tally();

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        loop = new SelectorLoop("test-loop");
    }

    @AfterEach
    void stop() throws IOException {
        loop.close();
        server.close();
    }

    private static String fileOperation(int k, long seq) {
        return ScriptedServer.fileOperation(k, seq);
    }

    private Socket accept(boolean rightAccept) throws IOException {
        return server.accept(rightAccept);
    }

    private static String readClientFrame(InputStream in) throws IOException {
        return ScriptedServer.readClientFrame(in);
    }

    /** Writes {@code bytes} in pieces of {@code piece} bytes, flushing each, with a pause so that reads see them apart. */
    private static void writeSplit(OutputStream out, byte[] bytes, int piece) throws Exception {
        for (int at = 0; at < bytes.length; at += piece) {
            out.write(bytes, at, Math.min(piece, bytes.length - at));
            out.flush();
            Thread.sleep(2);
        }
    }

    private Subscriber connect(Batch batch) {
        Subscriber s = new Subscriber("sub-1", tally, batch);
        loop.connect(s, "127.0.0.1", server.uri());
        return s;
    }

    @Test
    void subscribes_records_each_upload_once_answers_pings_and_echoes_the_close() throws Exception {
        Batch batch = new Batch(1, 1);
        assertThat(batch.admit(1)).isTrue();
        Subscriber subscriber = connect(batch);
        try (Socket peer = accept(true)) {
            InputStream in = peer.getInputStream();
            OutputStream out = peer.getOutputStream();
            assertThat(readClientFrame(in)).isEqualTo("1:{\"type\":\"Subscribe\",\"client_id\":\"sub-1\"}");
            writeSplit(out, ServerFrames.text("{\"type\":\"Ack\",\"operation_id\":\"subscribe\",\"seq\":9}"), 5);
            assertThat(batch.await(30)).isTrue();
            assertThat(subscriber.isLive()).isTrue();
            long before = Clock.micros();
            byte[] two = ServerFrames.concat(ServerFrames.text(fileOperation(3, 10)), ServerFrames.text(fileOperation(4, 11)),
                    ServerFrames.frame(WsFrames.PING, "hb".getBytes(StandardCharsets.US_ASCII)));
            writeSplit(out, two, 50);
            assertThat(readClientFrame(in)).isEqualTo("10:hb");
            assertThat(tally.arrivals(3)).isEqualTo(1);
            assertThat(tally.arrivals(4)).isEqualTo(1);
            assertThat(subscriber.receipt(3)).isBetween(before, Clock.micros());
            assertThat(subscriber.receipt(5)).isZero();
            assertThat(tally.problems()).isZero();

            out.write(ServerFrames.frame(WsFrames.CLOSE, new byte[] {0x03, (byte) 0xe9, 'b', 'y', 'e'}));
            assertThat(readClientFrame(in)).isEqualTo("8:\u0003\ufffd");
            assertThat(in.read()).as("the subscriber closes its socket after the close frame").isEqualTo(-1);
            assertThat(subscriber.isClosed()).isTrue();
            assertThat(tally.live()).isZero();
            assertThat(tally.firstProblem()).isEqualTo("sub-1 was closed by the server with code 1001");
        }
    }

    @Test
    void a_duplicate_or_out_of_order_file_operation_and_a_server_error_are_problems() throws Exception {
        Batch batch = new Batch(1, 1);
        batch.admit(1);
        Subscriber subscriber = connect(batch);
        try (Socket peer = accept(true)) {
            InputStream in = peer.getInputStream();
            OutputStream out = peer.getOutputStream();
            readClientFrame(in);
            out.write(ServerFrames.concat(ServerFrames.text("{\"type\":\"Ack\",\"operation_id\":\"subscribe\"}"),
                    ServerFrames.text(fileOperation(1, 20)), ServerFrames.text(fileOperation(1, 21)),
                    ServerFrames.text(fileOperation(2, 5)), ServerFrames.text("{\"type\":\"Error\",\"message\":\"nope\"}"),
                    ServerFrames.frame(WsFrames.PING, new byte[0])));
            assertThat(readClientFrame(in)).isEqualTo("10:");
            assertThat(tally.problems()).isEqualTo(3);
            assertThat(tally.firstProblem()).isEqualTo("sub-1 got upload 1 twice");
            assertThat(tally.arrivals(1)).isEqualTo(1);
            assertThat(subscriber.isLive()).isTrue();
        }
    }

    @Test
    void a_wrong_accept_key_fails_the_connection_without_subscribing() throws Exception {
        Batch batch = new Batch(1, 1);
        batch.admit(1);
        Subscriber subscriber = connect(batch);
        try (Socket peer = accept(false)) {
            assertThat(batch.await(30)).isTrue();
            assertThat(subscriber.isClosed()).isTrue();
            assertThat(subscriber.isLive()).isFalse();
            assertThat(peer.getInputStream().read()).as("the subscriber hung up").isEqualTo(-1);
            assertThat(tally.firstProblem()).contains("sub-1: a wrong Sec-WebSocket-Accept");
        }
    }

    @Test
    void a_refused_connection_settles_as_failed() throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        Batch batch = new Batch(1, 1);
        batch.admit(1);
        Subscriber s = new Subscriber("sub-2", tally, batch);
        loop.connect(s, "127.0.0.1", URI.create("ws://127.0.0.1:" + port + "/ws"));
        assertThat(batch.await(30)).isTrue();
        assertThat(s.isClosed()).isTrue();
        assertThat(tally.live()).isZero();
        assertThat(tally.firstFailure()).startsWith("sub-2 (CONNECTING): java.net.ConnectException");
    }
}
