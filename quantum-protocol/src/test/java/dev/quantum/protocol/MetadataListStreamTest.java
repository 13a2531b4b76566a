package dev.quantum.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MetadataListStreamTest {

    private static final String ENTRY = "{\"path\":\"a\",\"size\":1,\"modified\":\"2024-01-01T00:00:00Z\",\"hash\":\"" + "0".repeat(64)
            + "\",\"is_directory\":false}";

    @Test
    void a_long_list_decodes_from_a_stream_like_from_text() throws IOException {
        List<FileMetadata> list = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            list.add(new FileMetadata(RelativePath.of("d" + i % 7 + "/caf\u00e9 " + i + ".txt"), i, Instant.ofEpochSecond(i), "ab".repeat(32), false));
        }
        list.add(FileMetadata.directory(RelativePath.of("d0"), Instant.EPOCH));
        String json = JsonCodec.encodeMetadataList(list);

        assertThat(JsonCodec.decodeMetadataList(stream(json))).isEqualTo(list).isEqualTo(JsonCodec.decodeMetadataList(json));
        assertThat(JsonCodec.decodeMetadataList(stream(" [ ] "))).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                           | expected a JSON array of file metadata
            '{}'                         | expected a JSON array of file metadata
            '[1]'                        | [0]: expected an object
            '[ENTRY,{"path":"b"}]'       | [1].size: required
            '[ENTRY,{"path":"../x","size":1,"modified":"2024-01-01T00:00:00Z","hash":"","is_directory":false}]' | [1].path:
            '[ENTRY'                     | malformed JSON
            '[ENTRY,'                    | malformed JSON
            '[ENTRY] x'                  | malformed JSON
            '[ENTRY] []'                 | more after the array
            '[ENTRY,}'                   | malformed JSON
            """)
    void what_is_not_a_metadata_array_is_refused_naming_the_entry(String json, String expected) {
        assertThatThrownBy(() -> JsonCodec.decodeMetadataList(stream(json.replace("ENTRY", ENTRY))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(expected);
    }

    @Test
    void a_failing_read_is_an_io_error_not_a_bad_answer() {
        InputStream broken = new SequenceInputStream(stream("[" + ENTRY + ","), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });

        assertThatThrownBy(() -> JsonCodec.decodeMetadataList(broken)).isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
