package dev.quantum.client.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WireTextTest {

    @Test
    void logs_operations_like_the_seeds() {
        FileMetadata m = FileMetadata.file(RelativePath.of("docs/a.txt"), 3, Instant.parse("2024-01-21T12:05:00Z"), "abc");

        assertThat(OperationText.of(new Operation.Update(m))).isEqualTo("Update { metadata: FileMetadata { path: \"docs/a.txt\","
                + " size: 3, modified: 2024-01-21T12:05:00Z, hash: \"abc\", is_directory: false } }");
        assertThat(OperationText.of(new Operation.Delete(RelativePath.of("x")))).isEqualTo("Delete { path: \"x\" }");
        assertThat(OperationText.of(new Operation.Move(RelativePath.of("a"), RelativePath.of("b"))))
                .isEqualTo("Move { from: \"a\", to: \"b\" }");
    }

    @Test
    void percent_encodes_every_byte_but_unreserved_ones() {
        assertThat(UriPaths.encode(RelativePath.of("a b/c#d?e%f/é.txt"))).isEqualTo("a%20b/c%23d%3Fe%25f/%C3%A9.txt");
        assertThat(UriPaths.encode(RelativePath.of("plain-file_1.~txt"))).isEqualTo("plain-file_1.~txt");
    }
}
