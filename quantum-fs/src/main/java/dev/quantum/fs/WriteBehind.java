package dev.quantum.fs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Flushes a big file to disk in the background while it is still being written, a step of
 * {@value #STEP} bytes at a time, so that the final {@code force} the writer still does
 * (durability comes from that one) finds little left to write instead of the whole file.
 * A failed background flush fails {@link #close}, so an error the disk reported to it is
 * never lost. Used by the one thread writing the file: the server receiving an upload, the
 * client installing a download.
 */
public final class WriteBehind implements AutoCloseable {

    public static final long STEP = 16L * 1024 * 1024;
    private static final Executor FLUSHERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("write-behind-", 0).daemon().factory());

    private final FileChannel channel;
    private long flushedUpTo;
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    public WriteBehind(FileChannel channel) {
        this.channel = channel;
    }

    /** {@code written} bytes are in the file now; starts a flush when a step is due and none runs. */
    public void written(long written) throws IOException {
        if (written - flushedUpTo < STEP || !running.isDone()) {
            return;
        }
        await();
        flushedUpTo = written;
        running = CompletableFuture.runAsync(() -> {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, FLUSHERS);
    }

    /** {@code out} (writing to the channel) counting what it writes, and flushing behind it. */
    public OutputStream behind(OutputStream out) {
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written += len;
                WriteBehind.this.written(written);
            }
        };
    }

    /** Waits for the running flush; throws its failure. */
    @Override
    public void close() throws IOException {
        await();
    }

    private void await() throws IOException {
        try {
            running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException("flushing failed", cause);
        }
    }
}
