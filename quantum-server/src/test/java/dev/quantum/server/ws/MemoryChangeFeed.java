package dev.quantum.server.ws;

import dev.quantum.core.Operation;
import dev.quantum.protocol.Change;
import dev.quantum.server.sync.ChangeFeed;
import dev.quantum.server.sync.ChangesExpiredException;
import dev.quantum.server.sync.OperationRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A change log in memory that keeps the ChangeFeed contract (gap-free seq, listeners
 * called in order after commit), for testing the hub's protocol rules in isolation.
 * The server's integration tests run the hub on the real SQLite log.
 */
final class MemoryChangeFeed implements ChangeFeed {

    private final List<Change> log = new ArrayList<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private long oldestRetained = 1;

    synchronized Change commit(Operation operation, String source) {
        Change change = new Change(log.size() + 1, operation, source);
        log.add(change);
        listeners.forEach(l -> l.accept(change));
        return change;
    }

    synchronized void forgetBefore(long seq) {
        oldestRetained = seq;
    }

    @Override
    public synchronized long head() {
        return log.size();
    }

    @Override
    public synchronized List<Change> changesAfter(long since, int limit) {
        if (since + 1 < oldestRetained) {
            throw new ChangesExpiredException(since, oldestRetained);
        }
        int from = (int) Math.min(since, log.size());
        return List.copyOf(log.subList(from, Math.min(log.size(), from + limit)));
    }

    @Override
    public AutoCloseable subscribe(Consumer<Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public Optional<Change> submit(Operation operation, String sourceClient) {
        if (operation instanceof Operation.Delete d && d.path().value().startsWith("missing")) {
            throw new OperationRejectedException("cannot delete " + d.path() + ": no such file");
        }
        return Optional.of(commit(operation, sourceClient));
    }
}
