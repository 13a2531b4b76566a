package dev.quantum.server.store;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.protocol.Change;
import dev.quantum.server.sync.ChangeFeed;
import dev.quantum.server.sync.LoggedChange;
import dev.quantum.server.sync.OperationRejectedException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The feed of a root whose handler has {@code enable_upload: false}: everything reads
 * through, submissions that would change something are rejected. Thread-safe.
 */
final class ReadOnlyFeed implements ChangeFeed {

    private final ChangeFeed store;

    ReadOnlyFeed(ChangeFeed store) {
        this.store = store;
    }

    @Override
    public long head() {
        return store.head();
    }

    @Override
    public List<Change> changesAfter(long since, int limit) {
        return store.changesAfter(since, limit);
    }

    @Override
    public List<LoggedChange> loggedAfter(long since, int limit) {
        return store.loggedAfter(since, limit);
    }

    @Override
    public AutoCloseable subscribe(Consumer<Change> listener) {
        return store.subscribe(listener);
    }

    @Override
    public Optional<byte[]> content(FileMetadata file, int maxBytes) {
        return store.content(file, maxBytes);
    }

    @Override
    public Optional<Change> submit(Operation operation, String sourceClient) {
        boolean fileAnnouncement = switch (operation) {
            case Operation.Create c -> !c.metadata().isDirectory();
            case Operation.Update u -> !u.metadata().isDirectory();
            case Operation.Delete d -> false;
            case Operation.Move m -> false;
        };
        if (!fileAnnouncement) {
            throw new OperationRejectedException("uploads are disabled on this server (enable_upload is false)");
        }
        return store.submit(operation, sourceClient);
    }
}
