package dev.quantum.server.api;

import dev.quantum.server.store.Body;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Blocker;

/**
 * A request's body as the chunks Jetty read it in (slices of the connection's buffers),
 * waiting for each on the calling thread: what the store writes to disk and hashes without
 * copying it first. A chunk is released when the next is asked for, or at {@link #close}.
 * A failed read (the client went away, the idle timeout) is an {@link IOException}.
 */
final class RequestBody implements Body, AutoCloseable {

    private final Content.Source source;
    private Content.Chunk held;
    private boolean ended;

    RequestBody(Content.Source source) {
        this.source = source;
    }

    @Override
    public ByteBuffer next() throws IOException {
        release();
        while (!ended) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                try (Blocker.Runnable more = Blocker.runnable()) {
                    source.demand(more);
                    more.block();
                }
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                throw failure instanceof IOException io ? io : new IOException("reading the request body failed: " + failure, failure);
            }
            ended = chunk.isLast();
            if (chunk.hasRemaining()) {
                held = chunk;
                return chunk.getByteBuffer();
            }
            chunk.release();
        }
        return null;
    }

    @Override
    public void close() {
        release();
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
