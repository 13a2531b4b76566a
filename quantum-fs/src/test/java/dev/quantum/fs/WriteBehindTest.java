package dev.quantum.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBehindTest {

    @TempDir
    Path dir;

    @Test
    void flushing_in_the_background_leaves_the_written_bytes_in_place() throws IOException {
        Path file = dir.resolve("f");
        byte[] step = new byte[(int) WriteBehind.STEP];
        step[7] = 7;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WriteBehind behind = new WriteBehind(out)) {
            long written = 0;
            for (int i = 0; i < 3; i++) {
                written += out.write(ByteBuffer.wrap(step));
                behind.written(written);
            }
            behind.close();
            out.force(false);
        }

        assertThat(Files.size(file)).isEqualTo(3 * WriteBehind.STEP);
        assertThat(Files.readAllBytes(file)[(int) WriteBehind.STEP * 2 + 7]).isEqualTo((byte) 7);
    }

    @Test
    void the_stream_behind_counts_what_it_writes_and_flushes_a_step_at_a_time() throws IOException {
        Path file = dir.resolve("g");
        byte[] half = new byte[(int) WriteBehind.STEP / 2];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WriteBehind behind = new WriteBehind(out)) {
            OutputStream stream = behind.behind(java.nio.channels.Channels.newOutputStream(out));
            for (int i = 0; i < 5; i++) {
                stream.write(half, 0, half.length);
            }
            behind.close();
            out.force(false);
        }

        assertThat(Files.size(file)).isEqualTo(5 * WriteBehind.STEP / 2);
    }

    @Test
    void a_failed_background_flush_fails_the_close_instead_of_being_lost() throws IOException {
        FileChannel out = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        WriteBehind behind = new WriteBehind(out);
        out.close();

        behind.written(WriteBehind.STEP);

        assertThatThrownBy(behind::close).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void nothing_is_flushed_before_a_whole_step_was_written() throws IOException {
        FileChannel out = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        WriteBehind behind = new WriteBehind(out);
        out.close();

        behind.written(WriteBehind.STEP - 1);

        behind.close(); // no flush ran on the closed channel, so nothing failed
    }
}
