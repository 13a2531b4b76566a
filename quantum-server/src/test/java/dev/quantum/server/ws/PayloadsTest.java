package dev.quantum.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.server.sync.LoggedChange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static final List<Operation> OPERATIONS = List.of(
            new Operation.Create(FileMetadata.file(RelativePath.of("docs/ä ü/x.txt"), 12, Instant.parse("2026-01-02T03:04:05.123Z"), "a".repeat(64))),
            new Operation.Update(FileMetadata.file(RelativePath.of("b"), 0, Instant.EPOCH, "0".repeat(64))),
            new Operation.Create(FileMetadata.directory(RelativePath.of("dir"), Instant.EPOCH)),
            new Operation.Delete(RelativePath.of("q\"uote")),
            new Operation.Move(RelativePath.of("a/b"), RelativePath.of("c/d")));

    private static final List<String> SOURCES = Arrays.asList(null, "laptop-1", "quote\"and\\slash", "tab\tnew\nline\u0001", "Zoë 😀", "");

    @Test
    void a_replayed_change_is_byte_for_byte_what_the_codec_encodes() {
        long seq = 1;
        for (Operation operation : OPERATIONS) {
            for (String source : SOURCES) {
                String stored = JsonCodec.toJson(JsonCodec.operationNode(operation));
                String expected = JsonCodec.encode(new Message.FileOperation(operation, source, seq));

                assertThat(text(Payloads.fileOperation(new LoggedChange(seq, stored, source)))).isEqualTo(expected);
                assertThat(text(Payloads.fileOperation(new Change(seq, operation, source), null))).isEqualTo(expected);
                seq++;
            }
        }
    }

    @Test
    void payloads_are_read_only_so_subscribers_can_share_them() {
        assertThat(Payloads.PONG.isReadOnly()).isTrue();
        assertThat(Payloads.fileOperation(new Change(1, OPERATIONS.get(0), null), null).isReadOnly()).isTrue();
        assertThat(text(Payloads.PONG)).isEqualTo("{\"type\":\"Pong\"}");
    }

    private static String text(ByteBuffer payload) {
        return StandardCharsets.UTF_8.decode(payload.slice()).toString();
    }
}
