package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import dev.quantum.protocol.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushedContentTest {

    private final PushedContent pushed = new PushedContent();

    private static FileMetadata file(String path, byte[] bytes) {
        return new FileMetadata(RelativePath.of(path), bytes.length, Instant.EPOCH, Sha256.hex(bytes), false);
    }

    private static Message.FileOperation create(String path, byte[] bytes, byte[] content) {
        return new Message.FileOperation(new Operation.Create(file(path, bytes)), "other", 1L, content);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bytes_are_given_once_for_the_content_they_hash_to() {
        byte[] a = bytes("alpha");
        pushed.offer(List.of(create("a.txt", a, a)));

        assertThat(pushed.has(RelativePath.of("a.txt"), Sha256.hex(bytes("other")))).isFalse();
        assertThat(pushed.take(RelativePath.of("a.txt"), Sha256.hex(bytes("other")))).isEmpty();
        assertThat(pushed.has(RelativePath.of("a.txt"), Sha256.hex(a))).isTrue();
        assertThat(pushed.take(RelativePath.of("a.txt"), Sha256.hex(a))).hasValue(a);
        assertThat(pushed.take(RelativePath.of("a.txt"), Sha256.hex(a))).isEmpty();
    }

    @Test
    void bytes_that_do_not_match_their_change_are_not_kept() {
        byte[] real = bytes("the real bytes");
        pushed.offer(List.of(create("a.txt", real, bytes("other bytes!!!")), create("b.txt", real, bytes("short")),
                create("c.txt", real, null)));

        for (String path : List.of("a.txt", "b.txt", "c.txt")) {
            assertThat(pushed.take(RelativePath.of(path), Sha256.hex(real))).as(path).isEmpty();
        }
    }

    @Test
    void a_later_change_of_the_path_replaces_or_drops_its_bytes() {
        byte[] v1 = bytes("v1");
        byte[] v2 = bytes("v2");
        pushed.offer(List.of(create("a.txt", v1, v1), create("b.txt", v1, v1), create("c.txt", v1, v1)));
        pushed.offer(List.of(
                new Message.FileOperation(new Operation.Update(file("a.txt", v2)), "other", 2L, v2),
                new Message.FileOperation(new Operation.Delete(RelativePath.of("b.txt")), "other", 3L),
                new Message.FileOperation(new Operation.Move(RelativePath.of("c.txt"), RelativePath.of("d.txt")), "other", 4L)));

        assertThat(pushed.take(RelativePath.of("a.txt"), Sha256.hex(v1))).isEmpty();
        assertThat(pushed.take(RelativePath.of("a.txt"), Sha256.hex(v2))).hasValue(v2);
        assertThat(pushed.take(RelativePath.of("b.txt"), Sha256.hex(v1))).isEmpty();
        assertThat(pushed.take(RelativePath.of("c.txt"), Sha256.hex(v1))).isEmpty();
    }

    @Test
    void at_most_the_limit_is_held_and_clear_forgets_everything() {
        byte[] big = new byte[(int) (PushedContent.MAX_BYTES / 2 + 1)];
        pushed.offer(List.of(create("one", big, big), create("two", big, big)));

        assertThat(pushed.has(RelativePath.of("one"), Sha256.hex(big))).isTrue();
        assertThat(pushed.has(RelativePath.of("two"), Sha256.hex(big))).as("over the limit").isFalse();
        pushed.clear();
        assertThat(pushed.has(RelativePath.of("one"), Sha256.hex(big))).isFalse();
    }
}
