package dev.quantum.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A body to store, read as the buffers it arrives in, so that a big upload is written and
 * hashed from the server's own network buffers with no copy in between. Read by one thread.
 */
@FunctionalInterface
public interface Body {

    /**
     * The next bytes of the body, from its position to its limit, or {@code null} at its end.
     * The buffer is the body's: the reader may move its position, and must be done with it
     * before the next call.
     */
    ByteBuffer next() throws IOException;

    /** The bytes of {@code in}, in buffers of {@code bufferSize} filled whole but for the last. */
    static Body of(InputStream in, int bufferSize) {
        byte[] array = new byte[bufferSize];
        ByteBuffer buffer = ByteBuffer.wrap(array);
        return () -> {
            int n = in.readNBytes(array, 0, array.length);
            return n == 0 ? null : buffer.clear().limit(n);
        };
    }
}
