package dev.quantum.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.Sha256;
import dev.quantum.testkit.TempFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receiving a body into a temp file: every byte written and hashed, whatever buffers it comes in. */
class DiskTest {

    @TempDir
    Path root;

    @Test
    void a_body_in_direct_heap_and_read_only_pieces_of_any_size_and_position_is_stored_and_hashed_exactly() throws Exception {
        Disk disk = new Disk(root);
        byte[] content = random(400_000);
        // Pieces as Jetty hands them (direct slices of its buffers), bigger than the digest's
        // scratch buffer, read-only heap buffers (no array), and buffers that start past 0.
        int[] sizes = {1, 4095, 65_536, 200_000, 7, 0, 130_361};
        Deque<ByteBuffer> pieces = new ArrayDeque<>();
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            ByteBuffer piece = switch (i % 3) {
                case 0 -> ByteBuffer.allocateDirect(n + 10).position(10);
                case 1 -> ByteBuffer.allocate(n + 3).position(3);
                default -> ByteBuffer.allocateDirect(n);
            };
            piece.mark();
            piece.put(content, at, n).reset();
            pieces.add(i == 4 ? piece.asReadOnlyBuffer() : piece);
            at += n;
        }
        assertThat(at).isEqualTo(content.length);

        Disk.TempFile file = disk.receive(pieces::poll, 0, true);

        assertThat(Files.readAllBytes(file.file())).isEqualTo(content);
        assertThat(file.size()).isEqualTo(content.length);
        assertThat(file.sha256()).isEqualTo(sha256(content));
    }

    @Test
    void an_empty_body_is_an_empty_file() throws Exception {
        Disk.TempFile file = new Disk(root).receive(() -> null, 0, true);
        assertThat(Files.size(file.file())).isZero();
        assertThat(file.sha256()).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void a_stream_is_read_in_whole_buffers() throws Exception {
        byte[] content = random(Disk.BUFFER * 2 + 5);
        Disk.TempFile file = new Disk(root).receive(new ByteArrayInputStream(content), 0);
        assertThat(Files.readAllBytes(file.file())).isEqualTo(content);
        assertThat(file.sha256()).isEqualTo(sha256(content));
    }

    @Test
    void a_body_over_the_limit_or_that_fails_half_way_leaves_no_temp_file() throws Exception {
        Disk disk = new Disk(root);
        ByteBuffer[] twoPieces = {ByteBuffer.allocateDirect(600), ByteBuffer.allocateDirect(600)};
        int[] next = {0};
        assertThatThrownBy(() -> disk.receive(() -> next[0] < 2 ? twoPieces[next[0]++] : null, 1000, true))
                .isInstanceOf(StoreException.class).hasMessageContaining("limit of 1000 bytes");

        boolean[] failed = {false};
        assertThatThrownBy(() -> disk.receive(() -> {
            if (!failed[0]) {
                failed[0] = true;
                return ByteBuffer.wrap(new byte[100]);
            }
            throw new IOException("the client went away");
        }, 0, true)).isInstanceOf(IOException.class).hasMessage("the client went away");

        assertThat(TempFiles.in(disk.metadataDir().resolve("tmp"))).isEmpty();
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SplittableRandom(n).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Sha256.hex(bytes);
    }
}
