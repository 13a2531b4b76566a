package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.Operation;
import dev.quantum.protocol.Message;
import dev.quantum.testkit.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A subscriber that asks with {@code inline} gets small files' bytes with their live changes; others get the seeds' frames. */
class InlineContentTest extends ServerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void small_files_come_with_their_bytes_only_to_subscribers_that_ask() throws Exception {
        try (WsTestClient inline = WsTestClient.connect(server.ws()); WsTestClient plain = WsTestClient.connect(server.ws())) {
            inline.subscribe(new Message.Subscribe("laptop", null, null, 8));
            plain.subscribe(new Message.Subscribe("browser"));

            server.put("note.txt", "12345678");
            server.put("note.txt", "v2");
            server.put("big.txt", "123456789");
            server.put("folder/inner.txt", "in");

            List<Message.FileOperation> ops = inline.fileOperations(5, WAIT);
            assertThat(ops).extracting(op -> op.operation().getClass().getSimpleName() + " " + op.operation().paths().getFirst()
                    + " " + text(op.content()))
                    .containsExactly("Create note.txt 12345678", "Update note.txt v2", "Create big.txt null",
                            "Create folder null", "Create folder/inner.txt in");
            for (int i = 0; i < 5; i++) {
                assertThat(plain.pollText(WAIT)).startsWith("{\"type\":\"FileOperation\"").doesNotContain("content");
            }
        }
    }

    @Test
    void a_file_goes_with_its_push_only_when_the_frame_stays_within_the_frame_limit() throws Exception {
        String fits = "x".repeat(40 * 1024); // base64: 54,614 bytes, within the default 64 KiB frames
        String tooBig = "y".repeat(60 * 1024); // base64: 81,920 bytes
        try (WsTestClient client = WsTestClient.connect(server.ws())) {
            client.subscribe(new Message.Subscribe("laptop", null, null, Integer.MAX_VALUE));
            server.put("fits.txt", fits);
            server.put("big.txt", tooBig);
            server.put("after.txt", "after");

            List<Message.FileOperation> ops = client.fileOperations(3, WAIT);
            assertThat(text(ops.get(0).content())).isEqualTo(fits);
            assertThat(ops.get(1).content()).as("over the frame limit").isNull();
            assertThat(text(ops.get(2).content())).isEqualTo("after");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void a_replay_carries_no_bytes_and_the_live_changes_after_it_do() throws Exception {
        server.put("old.txt", "old");
        try (WsTestClient late = WsTestClient.connect(server.ws())) {
            late.subscribe(new Message.Subscribe("late", 0L, null, 1024));
            assertThat(late.fileOperations(1, WAIT).getFirst().content()).isNull();

            server.put("new.txt", "new");
            Message.FileOperation live = late.fileOperations(1, WAIT).getFirst();
            assertThat(live.operation()).isInstanceOf(Operation.Create.class);
            assertThat(text(live.content())).isEqualTo("new");
        }
    }

    @Test
    void a_bad_inline_gets_an_error_and_the_connection_stays_up() throws Exception {
        try (WsTestClient client = WsTestClient.connect(server.ws())) {
            client.send("{\"type\":\"Subscribe\",\"client_id\":\"c\",\"inline\":-5}");
            assertThat(client.pollText(WAIT)).contains("\"type\":\"Error\"").contains("inline: expected a non-negative integer");
            client.subscribe(new Message.Subscribe("c", null, null, 16));
            server.put("after.txt", "ok");
            assertThat(text(client.fileOperations(1, WAIT).getFirst().content())).isEqualTo("ok");
        }
    }
}
