package dev.quantum.client.remote;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * A request body that sends exactly the {@code length} bytes it announced from an open file,
 * read by position (so a retry sends it again from its start). If the file turns out shorter,
 * or longer before its last bytes leave, sending fails with {@link Changed} instead of a body
 * that is not the file. An empty body has no last bytes to hold back: the server has the whole
 * request once its head is sent and may commit it, so it is never failed afterwards (the file
 * as it was when opened is what was uploaded; a later growth is the next change). The bytes
 * are hashed as they are sent: {@link #sentHash} is the content hash of the last body sent.
 * The caller owns and closes the channel. Used by one request at a time.
 */
final class FileBody extends SentBody {

    static final int BUFFER = 64 * 1024;

    private final FileChannel file;
    private final long length;
    private final MessageDigest digest = Sha256.digest();
    private String sent;

    FileBody(FileChannel file, long length) {
        super(null, false);
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        this.file = file;
        this.length = length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(length, 1)));
        digest.reset();
        this.sent = null;
        long sent = 0;
        while (sent < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - sent));
            int n = file.read(buffer, sent);
            if (n < 0) {
                throw new Changed("the file got shorter while it was being sent (" + sent + " of " + length + " bytes)");
            }
            if (sent + n == length && file.size() != length) {
                throw new Changed("the file changed size while it was being sent (" + file.size() + " bytes, not " + length + ")");
            }
            digest.update(buffer.array(), 0, n);
            out.write(buffer.array(), 0, n);
            sent += n;
        }
        this.sent = FileMetadata.hex(digest.digest());
    }

    /**
     * The content hash of the whole body last sent.
     *
     * @throws IllegalStateException when no body was sent whole
     */
    String sentHash() {
        if (sent == null) {
            throw new IllegalStateException("no body was sent whole");
        }
        return sent;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    /** The file being sent changed size under us: the body sent would not be the file. */
    static final class Changed extends IOException {
        Changed(String message) {
            super(message);
        }
    }
}
