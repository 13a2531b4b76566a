package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.testkit.WsTestClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changes reach subscribers live: from HTTP, from disk edits, from edits made while the server was down. */
class LiveTest extends ServerTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    private List<Change> changesAfter(long since) throws Exception {
        return JsonCodec.decodeChanges(server.get("/api/changes?since=" + since).body()).changes();
    }

    @Test
    void the_seeds_curl_handshake_gets_101() throws Exception {
        try (Socket socket = new Socket(server.base().getHost(), server.base().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
        }
    }

    @Test
    void uploads_are_pushed_with_seq_to_everyone_but_the_uploader() throws Exception {
        try (WsTestClient uploader = WsTestClient.connect(server.ws()); WsTestClient other = WsTestClient.connect(server.ws())) {
            uploader.subscribe(new Message.Subscribe("laptop"));
            other.subscribe(new Message.Subscribe("phone"));
            server.put("note.txt", "hi", "X-Client-Id", "laptop");
            Message.FileOperation op = other.fileOperations(1, WAIT).getFirst();
            assertThat(op.operation()).isInstanceOf(Operation.Create.class);
            assertThat(op.operation().paths()).containsExactly(RelativePath.of("note.txt"));
            assertThat(op.sourceClient()).isEqualTo("laptop");
            assertThat(op.seq()).isEqualTo(1);
            assertThat(uploader.drain(Duration.ofMillis(500))).noneMatch(m -> m instanceof Message.FileOperation);
        }
    }

    @Test
    void subscribing_with_since_during_concurrent_uploads_replays_then_goes_live_without_gap_or_duplicate() throws Exception {
        for (int i = 0; i < 10; i++) {
            server.put("before" + i, "b" + i);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> uploads = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = i;
            uploads.add(pool.submit(() -> server.put("during" + n, "d" + n)));
        }
        try (WsTestClient client = WsTestClient.connect(server.ws())) {
            client.subscribe(new Message.Subscribe("late", 5L, null));
            for (java.util.concurrent.Future<?> upload : uploads) {
                upload.get();
            }
            pool.shutdown();
            List<Message.FileOperation> ops = client.fileOperations(70 - 5, WAIT);
            assertThat(ops).extracting(Message.FileOperation::seq)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(6, 70).boxed().toList());
            assertThat(client.drain(Duration.ofMillis(300))).noneMatch(m -> m instanceof Message.FileOperation);
        }
    }

    @Test
    void a_delete_sent_over_the_websocket_is_performed_and_broadcast() throws Exception {
        server.put("old.txt", "x");
        try (WsTestClient sender = WsTestClient.connect(server.ws()); WsTestClient other = WsTestClient.connect(server.ws())) {
            sender.subscribe(new Message.Subscribe("sender"));
            other.subscribe(new Message.Subscribe("other"));
            sender.send(new Message.FileOperation(new Operation.Delete(RelativePath.of("old.txt")), "sender"));
            Message.FileOperation op = other.fileOperations(1, WAIT).getFirst();
            assertThat(op.operation()).isEqualTo(new Operation.Delete(RelativePath.of("old.txt")));
            assertThat(root.resolve("old.txt")).doesNotExist();
        }
    }

    @Test
    void a_file_edited_directly_in_the_root_is_committed_and_broadcast() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.ws())) {
            client.subscribe(new Message.Subscribe("watcher-test"));
            Files.createDirectories(root.resolve("direct/sub"));
            Files.writeString(root.resolve("direct/sub/edit.txt"), "typed on the server");
            List<Message.FileOperation> ops = client.fileOperations(3, WAIT);
            assertThat(ops).extracting(o -> o.operation().paths().getFirst().value())
                    .containsExactly("direct", "direct/sub", "direct/sub/edit.txt");
            assertThat(ops).allMatch(o -> o.sourceClient() == null);
            Files.writeString(root.resolve("direct/sub/edit.txt"), "typed again");
            assertThat(client.fileOperations(1, WAIT).getFirst().operation()).isInstanceOf(Operation.Update.class);
            Files.delete(root.resolve("direct/sub/edit.txt"));
            assertThat(client.fileOperations(1, WAIT).getFirst().operation())
                    .isEqualTo(new Operation.Delete(RelativePath.of("direct/sub/edit.txt")));
        }
        assertThat(changesAfter(0)).hasSize(5);
    }

    @Test
    void our_own_writes_are_not_detected_again_by_the_watcher() throws Exception {
        server.put("mine/one.txt", "1");
        server.post("/api/move", "{\"from\":\"mine\",\"to\":\"yours\"}");
        server.delete("yours/one.txt");
        long head = server.store().head();
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> server.store().head() == head);
    }

    @Test
    void edits_made_while_the_server_was_down_become_changes_at_start() throws Exception {
        server.put("kept.txt", "same");
        server.put("edited.txt", "before");
        server.put("removed.txt", "bye");
        long head = server.store().head();
        server.close();
        Files.writeString(root.resolve("edited.txt"), "after, longer");
        Files.delete(root.resolve("removed.txt"));
        Files.writeString(root.resolve("added.txt"), "new");
        server = server.restart();
        List<Change> changes = changesAfter(head);
        assertThat(changes).extracting(c -> c.operation().getClass().getSimpleName() + " " + c.operation().paths().getFirst())
                .containsExactly("Create added.txt", "Update edited.txt", "Delete removed.txt");
        assertThat(changes.getFirst().seq()).isEqualTo(head + 1);
    }
}
