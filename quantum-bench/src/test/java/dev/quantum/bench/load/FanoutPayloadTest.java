package dev.quantum.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FanoutPayloadTest {

    /** A FileOperation as the server's codec encodes it, wrapped with other bytes around it. */
    private static ByteBuffer fileOperation(String path, Long seq) {
        FileMetadata m = new FileMetadata(RelativePath.of(path), 17, Instant.parse("2026-11-22T01:00:00Z"), "ab".repeat(32), false);
        return framed(JsonCodec.encode(new Message.FileOperation(new Operation.Create(m), "uploader", seq)));
    }

    private static ByteBuffer framed(String json) {
        return ByteBuffer.wrap(("junk" + json + "junk").getBytes(StandardCharsets.UTF_8));
    }

    private static int upload(ByteBuffer b) {
        return FanoutPayload.upload(b, 4, b.limit() - 4);
    }

    @Test
    void the_file_operation_of_upload_k_gives_k_and_its_seq() {
        ByteBuffer b = fileOperation(FanoutPayload.path(42), 1234L);
        assertThat(upload(b)).isEqualTo(42);
        assertThat(FanoutPayload.seq(b, 4, b.limit() - 4)).isEqualTo(1234);
        assertThat(upload(fileOperation(FanoutPayload.path(0), 1L))).isZero();
        ByteBuffer noSeq = fileOperation("a.txt", null);
        assertThat(FanoutPayload.seq(noSeq, 0, noSeq.limit())).isEqualTo(-1);
    }

    @Test
    void other_paths_and_near_misses_are_not_taken_for_an_upload() {
        assertThat(upload(fileOperation("fanout/warm.txt", 1L))).isEqualTo(FanoutPayload.OTHER_PATH);
        assertThat(upload(fileOperation("fanout/bench-u-7.txt.bak", 1L))).isEqualTo(FanoutPayload.OTHER_PATH);
        assertThat(upload(fileOperation("fanout/bench-u-07.txt", 1L))).isEqualTo(FanoutPayload.OTHER_PATH);
        assertThat(upload(fileOperation("fanout/bench-u-x.txt", 1L))).isEqualTo(FanoutPayload.OTHER_PATH);
        assertThat(upload(fileOperation("fanout/bench-u-12345678901.txt", 1L))).isEqualTo(FanoutPayload.OTHER_PATH);
        assertThat(upload(fileOperation("x/fanout/bench-u-7.txt", 1L))).isEqualTo(FanoutPayload.OTHER_PATH);
    }

    @Test
    void acks_pongs_and_errors_are_told_apart_from_file_operations() {
        ByteBuffer ack = framed(JsonCodec.encode(new Message.Ack("subscribe", 5L)));
        assertThat(upload(ack)).isEqualTo(FanoutPayload.NOT_FILE_OPERATION);
        assertThat(FanoutPayload.isSubscribeAck(ack, 0, ack.limit())).isTrue();
        ByteBuffer otherAck = framed(JsonCodec.encode(new Message.Ack("op-1", null)));
        assertThat(FanoutPayload.isSubscribeAck(otherAck, 0, otherAck.limit())).isFalse();
        ByteBuffer pong = framed(JsonCodec.encode(new Message.Pong()));
        assertThat(upload(pong)).isEqualTo(FanoutPayload.NOT_FILE_OPERATION);
        ByteBuffer error = framed(JsonCodec.encode(new Message.Error("bad")));
        assertThat(FanoutPayload.isError(error, 0, error.limit())).isTrue();
        assertThat(FanoutPayload.isError(pong, 0, pong.limit())).isFalse();
    }

    @Test
    void a_negative_upload_number_has_no_path() {
        assertThatThrownBy(() -> FanoutPayload.path(-1)).hasMessageContaining("upload numbers start at 0");
    }
}
