package dev.quantum.client.sync;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import dev.quantum.protocol.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes of small files that the server pushed along with their FileOperations, held
 * for the pass that downloads them so that it need not ask the server again. Bytes are kept
 * only when they hash to the change's SHA-256, and given out only for the content the plan
 * expects and only once (the download checks them again as it installs them); a later
 * change of the same path replaces or drops them. At most {@link #MAX_BYTES} are held;
 * beyond that a file is simply downloaded. Thread-safe: transfer threads take concurrently.
 */
final class PushedContent {

    static final long MAX_BYTES = 16L * 1024 * 1024;

    private record Held(String hash, byte[] bytes) {
    }

    private final Map<RelativePath, Held> held = new HashMap<>();
    private long bytes;

    /** Keeps the bytes that came with {@code operations}, in order; other changes drop what their paths held. */
    synchronized void offer(List<Message.FileOperation> operations) {
        for (Message.FileOperation op : operations) {
            switch (op.operation()) {
                case Operation.Create c -> keep(c.metadata(), op.content());
                case Operation.Update u -> keep(u.metadata(), op.content());
                case Operation.Delete d -> drop(d.path());
                case Operation.Move m -> {
                    drop(m.from());
                    drop(m.to());
                }
            }
        }
    }

    /** The bytes pushed for {@code path} when they hash to {@code hash}, given out once. */
    synchronized Optional<byte[]> take(RelativePath path, String hash) {
        Held h = held.get(path);
        if (h == null || !h.hash().equals(hash)) {
            return Optional.empty();
        }
        drop(path);
        return Optional.of(h.bytes());
    }

    /** Whether {@link #take} would give bytes for {@code path} and {@code hash}. */
    synchronized boolean has(RelativePath path, String hash) {
        Held h = held.get(path);
        return h != null && h.hash().equals(hash);
    }

    /** Forgets everything (at the end of a pass: what it did not use is downloaded if still needed). */
    synchronized void clear() {
        held.clear();
        bytes = 0;
    }

    private void keep(FileMetadata file, byte[] content) {
        drop(file.path());
        if (content != null && !file.isDirectory() && content.length == file.size()
                && bytes + content.length <= MAX_BYTES && Sha256.hex(content).equals(file.hash())) {
            held.put(file.path(), new Held(file.hash(), content));
            bytes += content.length;
        }
    }

    private void drop(RelativePath path) {
        Held h = held.remove(path);
        if (h != null) {
            bytes -= h.bytes().length;
        }
    }
}
