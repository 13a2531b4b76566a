package dev.quantum.client.local;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** SHA-256 of files and streams, as lowercase hex. Stateless and thread-safe. */
public final class Hashing {

    private static final int BUFFER = 128 * 1024;
    private static final int MIN_BUFFER = 4096;

    private Hashing() {
    }

    /** The hash of a file's content. */
    public static String of(Path file) throws IOException {
        MessageDigest digest = Sha256.digest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(bufferFor(channel.size()));
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return FileMetadata.hex(digest.digest());
    }

    /**
     * Copies {@code in} to {@code out}, returning the hash of what was copied; {@code expected}
     * bytes (a hint) size the buffer, so that a small file does not cost a large one.
     */
    public static String copy(InputStream in, OutputStream out, long expected) throws IOException {
        MessageDigest digest = Sha256.digest();
        byte[] buffer = new byte[bufferFor(expected)];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return FileMetadata.hex(digest.digest());
    }

    /** A buffer for {@code size} bytes: one read for a small file (and its end), at most {@value #BUFFER}. */
    private static int bufferFor(long size) {
        return (int) Math.max(MIN_BUFFER, Math.min(BUFFER, size + 1));
    }
}
