package dev.quantum.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.FileBatch.Fetched;
import dev.quantum.protocol.FileBatch.Stored;
import dev.quantum.protocol.FileBatch.UploadAnswer;
import dev.quantum.protocol.FileBatch.UploadPart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileBatchTest {

    private static final String HASH = "ab".repeat(32);

    @Test
    void upload_records_read_back_with_exactly_their_bytes_even_when_content_is_left_unread() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<UploadPart> parts = List.of(
                new UploadPart(RelativePath.of("a/caf\u00e9.txt"), 5, Optional.empty(), false),
                new UploadPart(RelativePath.of("b"), 0, Optional.of(HASH), false),
                new UploadPart(RelativePath.of("c \"quoted\" name"), 3, Optional.empty(), true));
        List<byte[]> contents = List.of("hello".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[] {'\n', 0, '\n'});
        for (int i = 0; i < parts.size(); i++) {
            FileBatch.writeHeader(out, parts.get(i));
            out.write(contents.get(i));
        }

        FileBatch.Reader reader = FileBatch.reader(new ByteArrayInputStream(out.toByteArray()));
        assertThat(reader.nextUpload()).contains(parts.get(0));
        assertThat(reader.content().read()).isEqualTo('h'); // the rest is skipped by the next header
        assertThat(reader.nextUpload()).contains(parts.get(1));
        assertThat(reader.content().readAllBytes()).isEmpty();
        assertThat(reader.nextUpload()).contains(parts.get(2));
        assertThat(reader.content().readAllBytes()).isEqualTo(contents.get(2));
        assertThat(reader.nextUpload()).isEmpty();
    }

    @Test
    void download_records_carry_metadata_and_content_or_a_failure_without_bytes() throws IOException {
        FileMetadata m = FileMetadata.file(RelativePath.of("d/x.bin"), 4, Instant.parse("2024-01-21T12:00:00Z"), HASH);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileBatch.writeHeader(out, new Fetched.Failed(RelativePath.of("gone"), 404, "gone not found"));
        FileBatch.writeHeader(out, new Fetched.Content(m));
        out.write(new byte[] {1, 2, 3, 4});

        FileBatch.Reader reader = FileBatch.reader(new ByteArrayInputStream(out.toByteArray()));
        assertThat(reader.nextFetched()).contains(new Fetched.Failed(RelativePath.of("gone"), 404, "gone not found"));
        assertThat(reader.content().readAllBytes()).isEmpty();
        assertThat(reader.nextFetched()).contains(new Fetched.Content(m));
        assertThat(reader.content().readAllBytes()).containsExactly(1, 2, 3, 4);
        assertThat(reader.nextFetched()).isEmpty();
    }

    @Test
    void a_stream_that_ends_inside_content_or_a_header_is_refused_with_where() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileBatch.writeHeader(out, new UploadPart(RelativePath.of("short"), 10, Optional.empty(), false));
        out.write("abc".getBytes(StandardCharsets.UTF_8));
        FileBatch.Reader reader = FileBatch.reader(new ByteArrayInputStream(out.toByteArray()));
        reader.nextUpload();
        assertThatThrownBy(() -> reader.content().readAllBytes()).isInstanceOf(ProtocolException.class)
                .hasMessage("the batch ends inside the content of short (3 of 10 bytes)");

        FileBatch.Reader cut = FileBatch.reader(new ByteArrayInputStream("{\"path\":\"a\",".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(cut::nextUpload).isInstanceOf(ProtocolException.class).hasMessage("file 1: the batch ends inside a header");
    }

    @Test
    void headers_are_bounded_in_length_and_the_batch_in_files() throws IOException {
        byte[] longLine = new byte[FileBatch.MAX_HEADER_BYTES + 10];
        Arrays.fill(longLine, (byte) ' ');
        assertThatThrownBy(() -> FileBatch.reader(new ByteArrayInputStream(longLine)).nextUpload())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("header longer than");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i <= FileBatch.MAX_FILES; i++) {
            FileBatch.writeHeader(out, new UploadPart(RelativePath.of("f" + i), 0, Optional.empty(), false));
        }
        FileBatch.Reader reader = FileBatch.reader(new ByteArrayInputStream(out.toByteArray()));
        for (int i = 0; i < FileBatch.MAX_FILES; i++) {
            assertThat(reader.nextUpload()).isPresent();
        }
        assertThatThrownBy(reader::nextUpload).isInstanceOf(ProtocolException.class)
                .hasMessage("a batch carries at most " + FileBatch.MAX_FILES + " files");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            [1]                                                      | file 1: expected an object
            {"size":1}                                               | file 1.path: required
            {"path":"../x","size":1}                                 | file 1.path: invalid path "../x": '..' segments are not allowed
            {"path":"a","size":-1}                                   | file 1.size: expected a non-negative integer
            {"path":"a","size":"1"}                                  | file 1.size: expected a non-negative integer
            {"path":"a","size":1,"if_match":"abc"}                   | file 1.if_match: expected a lowercase hex SHA-256
            {"path":"a","size":1,"if_none_match":"abc"}              | file 1.if_none_match: only "*" is supported
            not json                                                 | malformed JSON
            """)
    void a_bad_upload_header_names_the_record_and_field(String header, String message) {
        FileBatch.Reader reader = FileBatch.reader(new ByteArrayInputStream((header + "\n").getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(reader::nextUpload).isInstanceOf(ProtocolException.class).hasMessageStartingWith(message);
    }

    @Test
    void a_header_with_both_conditions_is_refused() {
        String header = "{\"path\":\"a\",\"size\":1,\"if_match\":\"" + HASH + "\",\"if_none_match\":\"*\"}\n";
        FileBatch.Reader reader = FileBatch.reader(new ByteArrayInputStream(header.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(reader::nextUpload).isInstanceOf(ProtocolException.class)
                .hasMessage("file 1: if_match and if_none_match cannot both be given");
    }

    @Test
    void a_download_request_round_trips_and_refuses_bad_path_lists() {
        List<RelativePath> paths = List.of(RelativePath.of("a"), RelativePath.of("b/c d"));
        assertThat(FileBatch.decodeDownloadRequest(FileBatch.encodeDownloadRequest(paths))).isEqualTo(paths);

        assertThatThrownBy(() -> FileBatch.decodeDownloadRequest("{\"paths\":[]}")).hasMessage("paths: expected 1 to 1000 paths, got 0");
        assertThatThrownBy(() -> FileBatch.decodeDownloadRequest("[\"a\"]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> FileBatch.decodeDownloadRequest("{\"paths\":[\"a\",\"a\"]}")).hasMessage("paths[1]: a is asked for twice");
        assertThatThrownBy(() -> FileBatch.decodeDownloadRequest("{\"paths\":[\"a\",\"/b\"]}")).hasMessageStartingWith("paths[1]: ");
        assertThatThrownBy(() -> FileBatch.decodeDownloadRequest("{\"paths\":[1]}")).hasMessage("paths[0]: expected a string");
        List<RelativePath> many = new ArrayList<>();
        for (int i = 0; i <= FileBatch.MAX_FILES; i++) {
            many.add(RelativePath.of("f" + i));
        }
        assertThatThrownBy(() -> FileBatch.decodeDownloadRequest(FileBatch.encodeDownloadRequest(many)))
                .hasMessage("paths: expected 1 to 1000 paths, got 1001");
    }

    @Test
    void an_upload_answer_round_trips() {
        FileMetadata m = FileMetadata.file(RelativePath.of("x/y"), 9, Instant.parse("2024-01-21T12:00:00Z"), HASH);
        UploadAnswer answer = new UploadAnswer(42, List.of(
                new Stored.Done(m, true, 40, 41),
                new Stored.Done(m.withPath(RelativePath.of("same")), false, 0, 0),
                new Stored.Refused(RelativePath.of("z"), 412, "z changed on the server")));
        assertThat(FileBatch.decodeUploadAnswer(FileBatch.encodeUploadAnswer(answer))).isEqualTo(answer);
        assertThatThrownBy(() -> FileBatch.decodeUploadAnswer("{\"seq\":1,\"results\":[{\"path\":\"a\",\"status\":200}]}"))
                .hasMessage("results[0].metadata: expected an object");
    }
}
