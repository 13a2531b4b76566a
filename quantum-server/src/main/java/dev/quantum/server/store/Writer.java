package dev.quantum.server.store;

import dev.quantum.protocol.Change;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a root: a lock around the writer connection, so every change
 * (with its disk work) is one transaction, seqs are gap-free, and listeners hear about
 * committed changes exactly once, in seq order, on the committing thread. Holding the
 * lock while touching the disk is what keeps the watcher from mistaking our own writes
 * for edits. Thread-safe.
 */
final class Writer {

    /** Work inside one transaction; may touch the disk. */
    interface Work<T> {
        T run(Tx tx) throws IOException, SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private final Clock clock;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile long head;

    Writer(Connection connection, Clock clock) throws SQLException {
        this.connection = connection;
        this.clock = clock;
        this.head = ChangesTable.head(connection);
        connection.commit();
    }

    long head() {
        return head;
    }

    Clock clock() {
        return clock;
    }

    <T> T write(Work<T> work) throws IOException {
        lock.lock();
        try {
            Tx tx = new Tx(connection, head, clock.millis());
            T result;
            try {
                result = work.run(tx);
                connection.commit();
            } catch (SQLException e) {
                rollback();
                throw new IOException("database error: " + e.getMessage(), e);
            } catch (IOException | RuntimeException | Error e) {
                rollback();
                throw e;
            }
            head = tx.head();
            tx.appended().forEach(this::publish);
            return result;
        } finally {
            lock.unlock();
        }
    }

    AutoCloseable subscribe(Consumer<Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void publish(Change change) {
        LOG.debug("committed seq {} from {}: {}", change.seq(), change.sourceClient(), change.operation());
        for (Consumer<Change> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.error("change listener failed on seq {}", change.seq(), e);
            }
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.error("rollback failed", e);
        }
    }
}
