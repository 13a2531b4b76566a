package dev.quantum.server.sync;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The committed state of one file_sync root as the WebSocket hub sees it: the durable,
 * gap-free change log and a way to submit operations that clients send over /ws.
 * Implementations are thread-safe.
 */
public interface ChangeFeed {

    /**
     * The head of the change log: the {@code seq} of the newest committed change, 0 when
     * none. A change is counted here before any listener hears of it.
     */
    long head();

    /**
     * Committed changes with {@code seq > since}, ascending, at most {@code limit} of them.
     *
     * @throws ChangesExpiredException when changes after {@code since} are no longer retained
     *         (the client must do a full list); HTTP answers it with 410
     */
    List<Change> changesAfter(long since, int limit);

    /**
     * The same changes as {@link #changesAfter}, with each operation as its stored JSON
     * text instead of decoded (for replaying the log to WebSocket subscribers).
     *
     * @throws ChangesExpiredException as {@link #changesAfter} does
     */
    default List<LoggedChange> loggedAfter(long since, int limit) {
        return changesAfter(since, limit).stream()
                .map(c -> new LoggedChange(c.seq(), JsonCodec.toJson(JsonCodec.operationNode(c.operation())), c.sourceClient()))
                .toList();
    }

    /**
     * Registers {@code listener} to be called exactly once per change committed from now
     * on, in {@code seq} order, on the thread that committed it, after the commit is
     * durable. The listener must not block or throw; it hands the change on. Closing the
     * returned handle unregisters it.
     */
    AutoCloseable subscribe(Consumer<Change> listener);

    /**
     * The bytes of {@code file} (a file's metadata as a Create or Update committed it) when
     * it holds at most {@code maxBytes} and is still on disk exactly as committed: same size,
     * same SHA-256. Empty otherwise, or when the file cannot be read. Never throws.
     */
    default Optional<byte[]> content(FileMetadata file, int maxBytes) {
        return Optional.empty();
    }

    /**
     * Validates a {@code FileOperation} sent by a WebSocket client against the committed
     * state and, when it describes something the server can do itself (delete, move,
     * create a folder), commits it. A {@code Create}/{@code Update} of a file carries no
     * content: it is accepted only when it matches what is already committed (the client
     * uploaded it over HTTP first), and then nothing new is committed.
     *
     * @return the committed change, or empty when the operation matched committed state
     * @throws OperationRejectedException with a message safe to send back as an {@code Error}
     */
    Optional<Change> submit(Operation operation, String sourceClient);
}
