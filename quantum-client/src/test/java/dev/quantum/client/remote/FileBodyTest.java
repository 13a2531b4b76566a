package dev.quantum.client.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBodyTest {

    @TempDir
    Path dir;

    @Test
    void sends_exactly_the_announced_bytes_every_time_it_is_written() throws Exception {
        byte[] content = new byte[FileBody.BUFFER * 2 + 17];
        content[FileBody.BUFFER] = 42;
        Path file = Files.write(dir.resolve("f"), content);
        try (FileChannel channel = FileChannel.open(file)) {
            FileBody body = new FileBody(channel, channel.size());

            assertThatThrownBy(body::sentHash).isInstanceOf(IllegalStateException.class);
            assertThat(written(body)).isEqualTo(content);
            assertThat(body.sentHash()).isEqualTo(Sha256.hex(content));
            assertThat(written(body)).as("repeatable").isEqualTo(content);
            assertThat(body.sentHash()).as("hashed afresh").isEqualTo(Sha256.hex(content));
            assertThat(body.getContentLength()).isEqualTo(content.length);
            assertThat(body.getContentType()).isNull();
        }
    }

    @Test
    void a_file_shorter_than_announced_fails_instead_of_sending_less() throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[100]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileBody body = new FileBody(channel, 100);
            channel.truncate(60);

            assertThatThrownBy(() -> written(body)).isInstanceOf(FileBody.Changed.class).hasMessageContaining("shorter");
        }
    }

    @Test
    void a_file_longer_than_announced_fails_before_its_last_bytes_leave() throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[100]);
        try (FileChannel channel = FileChannel.open(file)) {
            FileBody body = new FileBody(channel, 100);
            Files.write(file, new byte[5], StandardOpenOption.APPEND);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            assertThatThrownBy(() -> body.writeTo(out)).isInstanceOf(FileBody.Changed.class).hasMessageContaining("105 bytes, not 100");
            assertThat(out.size()).isLessThan(100);
        }
    }

    @Test
    void an_empty_file_is_sent_whole_even_when_it_grows_meanwhile() throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[0]);
        try (FileChannel channel = FileChannel.open(file)) {
            FileBody body = new FileBody(channel, 0);
            Files.write(file, new byte[1]);

            assertThat(written(body)).as("the server already has the whole request: failing now would hide a commit").isEmpty();
        }
    }

    @Test
    void a_negative_length_is_refused() {
        assertThatThrownBy(() -> new FileBody(null, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }

    private static byte[] written(FileBody body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        return out.toByteArray();
    }
}
