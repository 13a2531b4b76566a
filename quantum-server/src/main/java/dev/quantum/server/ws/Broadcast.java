package dev.quantum.server.ws;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.protocol.Change;
import dev.quantum.server.sync.ChangeFeed;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A committed change on its way to subscribers, with its FileOperation frame payload
 * encoded once: each subscriber sends a {@link ByteBuffer#slice() slice} of it. For
 * subscribers that asked for small files' bytes ({@code inline}), a second payload with
 * the file's content is read and encoded once, by the first of them to need it, and used
 * only when it fits in one frame. Thread-safe.
 */
final class Broadcast {

    /** The most bytes of a file the hub puts into a FileOperation, whatever a subscriber asks for. */
    static final int MAX_INLINE = 64 * 1024;

    private final Change change;
    private final ByteBuffer payload;
    private final ChangeFeed contents;
    private final int maxFrameBytes;
    private ByteBuffer inlined;
    private boolean inlinedRead;

    private Broadcast(Change change, ByteBuffer payload, ChangeFeed contents, int maxFrameBytes) {
        this.change = change;
        this.payload = payload;
        this.contents = contents;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * A broadcast of {@code change} whose files' bytes, when asked for, come from
     * {@code contents}, in a frame of at most {@code maxFrameBytes} (the hub's frame limit, which
     * Jetty applies to frames sent too).
     */
    static Broadcast of(Change change, ChangeFeed contents, int maxFrameBytes) {
        return new Broadcast(change, Payloads.fileOperation(change, null), contents, maxFrameBytes);
    }

    Change change() {
        return change;
    }

    /**
     * The payload for a subscriber that takes the bytes of files up to {@code inline} (0: none): with
     * the file's content when the change creates or updates a file that small and the file
     * is still on disk as committed and the frame stays within the frame limit, else the
     * payload every subscriber gets (shared, read-only).
     */
    ByteBuffer payload(int inline) {
        Optional<FileMetadata> file = writtenFile();
        if (inline <= 0 || file.isEmpty() || file.get().size() > Math.min(inline, MAX_INLINE)) {
            return payload;
        }
        synchronized (this) {
            if (!inlinedRead) {
                inlinedRead = true;
                inlined = contents.content(file.get(), MAX_INLINE)
                        .map(bytes -> Payloads.fileOperation(change, bytes))
                        .filter(frame -> frame.remaining() <= maxFrameBytes).orElse(null);
            }
            return inlined != null ? inlined : payload;
        }
    }

    private Optional<FileMetadata> writtenFile() {
        FileMetadata m = switch (change.operation()) {
            case Operation.Create c -> c.metadata();
            case Operation.Update u -> u.metadata();
            case Operation.Delete d -> null;
            case Operation.Move m2 -> null;
        };
        return m == null || m.isDirectory() ? Optional.empty() : Optional.of(m);
    }
}
