package dev.quantum.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCodecTest {

    private static final FileMetadata FILE = FileMetadata.file(RelativePath.of("docs/a.txt"), 3,
            Instant.parse("2024-01-21T12:00:00Z"), "a".repeat(64));

    @Test
    void our_optional_fields_round_trip_and_are_omitted_when_absent() {
        Message.FileOperation withSeq = new Message.FileOperation(new Operation.Move(
                RelativePath.of("a"), RelativePath.of("b/c")), null, 42L);
        String json = JsonCodec.encode(withSeq);
        assertThat(json).isEqualTo(
                "{\"type\":\"FileOperation\",\"operation\":{\"Move\":{\"from\":\"a\",\"to\":\"b/c\"}},"
                        + "\"source_client\":null,\"seq\":42}");
        assertThat(JsonCodec.decodeMessage(json)).isEqualTo(withSeq);

        Message.Subscribe subscribe = new Message.Subscribe("c1", 7L, List.of("docs/**"));
        assertThat(JsonCodec.decodeMessage(JsonCodec.encode(subscribe))).isEqualTo(subscribe);
        assertThat(JsonCodec.encode(new Message.Subscribe("c1"))).isEqualTo("{\"type\":\"Subscribe\",\"client_id\":\"c1\"}");
        assertThat(JsonCodec.encode(new Message.Ack("subscribe", 3L)))
                .isEqualTo("{\"type\":\"Ack\",\"operation_id\":\"subscribe\",\"seq\":3}");
    }

    @Test
    void inline_and_content_round_trip_and_are_omitted_when_absent() {
        Message.Subscribe subscribe = new Message.Subscribe("c1", null, null, 65536);
        assertThat(JsonCodec.encode(subscribe)).isEqualTo("{\"type\":\"Subscribe\",\"client_id\":\"c1\",\"inline\":65536}");
        assertThat(JsonCodec.decodeMessage(JsonCodec.encode(subscribe))).isEqualTo(subscribe);
        assertThat(JsonCodec.decodeMessage("{\"type\":\"Subscribe\",\"client_id\":\"c1\",\"inline\":99999999999}"))
                .as("more than an int asks for everything the server allows")
                .isEqualTo(new Message.Subscribe("c1", null, null, Integer.MAX_VALUE));

        byte[] bytes = {'h', 'i', 0, (byte) 0xff};
        Message.FileOperation withContent = new Message.FileOperation(new Operation.Create(FILE), "a", 5L, bytes);
        String json = JsonCodec.encode(withContent);
        assertThat(json).endsWith(",\"seq\":5,\"content\":\"aGkA/w==\"}");
        Message decoded = JsonCodec.decodeMessage(json);
        assertThat(decoded).isEqualTo(withContent);
        assertThat(((Message.FileOperation) decoded).content()).containsExactly(bytes);
        assertThat(decoded.toString()).contains("content=4 bytes").doesNotContain("aGkA");

        Message.FileOperation without = new Message.FileOperation(new Operation.Create(FILE), "a", 5L);
        assertThat(JsonCodec.encode(without)).doesNotContain("content");
        assertThat(without).isNotEqualTo(withContent);
    }

    @Test
    void every_operation_round_trips() {
        for (Operation op : List.of(new Operation.Create(FILE), new Operation.Update(FILE),
                new Operation.Delete(RelativePath.of("x")),
                new Operation.Create(FileMetadata.directory(RelativePath.of("d"), Instant.EPOCH)))) {
            Message message = new Message.FileOperation(op, "src", 1L);
            assertThat(JsonCodec.decodeMessage(JsonCodec.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void changes_page_round_trips() {
        ChangesPage page = new ChangesPage(9, List.of(new Change(8, new Operation.Update(FILE), "c1"),
                new Change(9, new Operation.Delete(RelativePath.of("docs/a.txt")), null)));
        assertThat(JsonCodec.decodeChanges(JsonCodec.encodeChanges(page))).isEqualTo(page);
    }

    @Test
    void metadata_list_round_trips() {
        List<FileMetadata> list = List.of(FILE, FileMetadata.directory(RelativePath.of("docs"), Instant.EPOCH));
        assertThat(JsonCodec.decodeMetadataList(JsonCodec.encodeMetadataList(list))).isEqualTo(list);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                   | malformed JSON
            ''                                                         | malformed JSON: empty input
            []                                                         | a message must be a JSON object
            {}                                                         | type: required
            {"type":7}                                                 | type: expected a string
            {"type":"Shout"}                                           | unknown message type 'Shout'
            {"type":"Subscribe"}                                       | client_id: required
            {"type":"Subscribe","client_id":5}                         | client_id: expected a string
            {"type":"Subscribe","client_id":"c","since":-1}            | since: expected a non-negative integer
            {"type":"Subscribe","client_id":"c","since":"3"}           | since: expected a non-negative integer
            {"type":"Subscribe","client_id":"c","paths":"a"}           | paths: expected an array of strings
            {"type":"Subscribe","client_id":"c","inline":-1}           | inline: expected a non-negative integer
            {"type":"Subscribe","client_id":"c","inline":"4096"}       | inline: expected a non-negative integer
            {"type":"FileOperation","operation":{"Delete":{"path":"a"}},"content":"***"} | content: expected base64
            {"type":"FileOperation","operation":{"Delete":{"path":"a"}},"content":7} | content: expected a string
            {"type":"FileOperation"}                                   | operation: required
            {"type":"FileOperation","operation":{}}                    | operation: expected an object with exactly one of
            {"type":"FileOperation","operation":{"Rename":{}}}         | operation: unknown operation 'Rename'
            {"type":"FileOperation","operation":{"Delete":{}}}         | operation.Delete.path: required
            {"type":"FileOperation","operation":{"Delete":{"path":"../etc"}}} | operation.Delete.path: invalid path
            {"type":"FileOperation","operation":{"Delete":{"path":"/etc"}}}   | absolute paths are not allowed
            {"type":"FileOperation","operation":{"Move":{"from":"a","to":"a/b"}}} | operation.Move: cannot move a into itself
            {"type":"FileOperation","operation":{"Create":{"metadata":{"path":"a","size":-1,"modified":"2024-01-01T00:00:00Z","hash":"","is_directory":false}}}} | operation.Create.metadata.size: expected a non-negative integer
            {"type":"FileOperation","operation":{"Create":{"metadata":{"path":"a","size":1,"modified":"yesterday","hash":"","is_directory":false}}}} | operation.Create.metadata.modified: expected an RFC 3339 timestamp
            {"type":"FileOperation","operation":{"Create":{"metadata":{"path":"a","size":1,"modified":"2024-01-01T00:00:00Z","hash":"","is_directory":"no"}}}} | operation.Create.metadata.is_directory: expected true or false
            {"type":"FileOperation","operation":{"Create":{"metadata":{"path":"a","size":1,"modified":"2024-01-01T00:00:00Z","hash":"","is_directory":true}}}} | operation.Create.metadata: a directory has size 0
            {"type":"FileOperation","operation":{"Delete":{"path":"a"}},"source_client":3} | source_client: expected a string or null
            """)
    void bad_messages_get_an_error_naming_the_field(String json, String expected) {
        assertThatThrownBy(() -> JsonCodec.decodeMessage(json))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(expected.strip());
    }
}
