package dev.quantum.server.store;

import dev.quantum.fs.FileSystemSync;
import dev.quantum.protocol.Change;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a root, with group commit. Writes queue up; one caller at a time
 * (the leader) takes every queued write as one batch and runs them one after another in
 * one transaction, each inside its own savepoint so that a write that fails (a failed
 * precondition, a path clash, an I/O error) is rolled back alone and fails alone. Then
 * the leader fsyncs each folder the batch touched once, commits, and only then publishes
 * the changes (gap-free seqs, exactly once, in seq order: a few on the leader's thread, many
 * on the {@link Publisher}'s) and answers every caller of the batch. Only the leader touches
 * the disk tree and the writer connection, which is what keeps the watcher from mistaking
 * our own writes for edits. Thread-safe.
 */
final class Writer {

    /** Work inside the transaction of a batch; may touch the disk, and defers folder fsyncs to {@link Tx#syncFolder}. */
    interface Work<T> {
        T run(Tx tx) throws IOException, SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    private static final int MAX_BATCH = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private final Connection connection;
    private final Statements statements;
    private final Clock clock;
    private final FileSystemSync fileSystem;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final Publisher publisher = new Publisher(this::publish);
    private Thread leader;
    private volatile long head;

    Writer(Connection connection, Clock clock) throws SQLException {
        this(connection, clock, FileSystemSync.system());
    }

    /** A writer whose batches that touched {@value FileSystemSync#GROUP_FROM} folders or more flush them with {@code fileSystem}. */
    Writer(Connection connection, Clock clock, FileSystemSync fileSystem) throws SQLException {
        this.connection = connection;
        this.fileSystem = fileSystem;
        this.statements = new Statements(connection);
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

    /** The outcome of one write of {@link #writeAll}: its value, or its own failure. */
    interface Result<T> {
        T get() throws IOException;
    }

    /**
     * Runs {@code work} in the next batch and returns once that batch is durable and its
     * changes are published (or, for a batch of many, queued for publishing, in order). Must
     * not be called from inside a work or a change listener.
     */
    <T> T write(Work<T> work) throws IOException {
        return writeAll(List.of(work)).getFirst().get();
    }

    /**
     * Runs each of {@code works} as a write of its own (its own savepoint, so each fails
     * alone), queued together so that they share batches, in order; returns once every one
     * is durable and its changes published (or queued for publishing, in order). Must not be
     * called from inside a work or a change listener.
     */
    <T> List<? extends Result<T>> writeAll(List<? extends Work<T>> works) {
        List<Pending<T>> mine = works.stream().map(w -> new Pending<T>(w)).toList();
        if (mine.isEmpty()) {
            return mine;
        }
        lock.lock();
        try {
            if (leader == Thread.currentThread()) {
                throw new IllegalStateException("a write cannot start inside another write or a change listener");
            }
            queue.addAll(mine);
            // Batches take the queue in order, so the first of mine not done is the one a batch
            // or a leader stepping down signals next.
            for (Pending<T> next = firstNotDone(mine); next != null && leader != null; next = firstNotDone(mine)) {
                next.wake.awaitUninterruptibly();
            }
            if (firstNotDone(mine) == null) {
                return mine;
            }
            leader = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        try {
            while (!mine.getLast().done) {
                runBatch(nextBatch());
            }
        } finally {
            lock.lock();
            try {
                leader = null;
                Pending<?> next = queue.peek();
                if (next != null) {
                    next.wake.signal();
                }
            } finally {
                lock.unlock();
            }
        }
        return mine;
    }

    private static <T> Pending<T> firstNotDone(List<Pending<T>> pendings) {
        for (Pending<T> p : pendings) {
            if (!p.done) {
                return p;
            }
        }
        return null;
    }

    /** How many writes wait for a batch (not counting the one running); for tests. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    AutoCloseable subscribe(Consumer<Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private List<Pending<?>> nextBatch() {
        lock.lock();
        try {
            List<Pending<?>> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(queue.poll());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Runs, makes durable, commits and publishes one batch; every write in it is done afterwards. */
    private void runBatch(List<Pending<?>> batch) {
        try {
            if (commit(batch)) {
                publisher.publish(batch.stream().filter(Pending::succeeded).flatMap(p -> p.tx.appended().stream()).toList());
            }
        } finally {
            lock.lock();
            try {
                for (Pending<?> p : batch) {
                    p.done = true;
                    p.wake.signal();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Runs each write of {@code batch} in its own savepoint, fsyncs the folders they touched, commits. */
    private boolean commit(List<Pending<?>> batch) {
        Set<Path> folders = new LinkedHashSet<>();
        long running = head;
        try {
            long now = clock.millis();
            boolean alone = batch.size() == 1;
            for (Pending<?> p : batch) {
                Tx tx = new Tx(statements, running, now, folders);
                if (p.run(tx, !alone)) {
                    running = tx.head();
                }
            }
            syncFolders(folders);
            connection.commit();
        } catch (IOException e) {
            return failAll(batch, new IOException("the disk failed to make the writes durable: " + e.getMessage(), e));
        } catch (SQLException | RuntimeException | Error e) {
            return failAll(batch, new IOException("database error: " + e.getMessage(), e));
        }
        head = running;
        return true;
    }

    /** Rolls the batch back; each of its writes fails with {@code failure} (the ones that had failed keep their own error). */
    private boolean failAll(List<Pending<?>> batch, IOException failure) {
        rollback();
        batch.forEach(p -> p.fail(failure));
        return false;
    }

    /**
     * Makes the names in {@code folders} durable: one fsync each, or for many folders (a batch
     * upload spreads over a tree) one flush of their file system, which is one journal commit
     * instead of one per folder. A flush that fails falls back to the folders one by one; a
     * folder that fails then fails the batch, which is rolled back (the disk's error is never
     * swallowed: a write is answered as stored only once it is durable).
     */
    private void syncFolders(Set<Path> folders) throws IOException {
        if (fileSystem.worthIt(folders.size())) {
            try {
                fileSystem.sync(folders.iterator().next());
                return;
            } catch (IOException e) {
                LOG.warn("flushing the file system failed ({}); syncing {} folders one by one", e.getMessage(), folders.size());
            }
        }
        for (Path folder : folders) {
            fileSystem.syncFolder(folder);
        }
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

    /**
     * One queued write and, once its batch is over, its outcome; {@code done} is guarded by
     * {@code lock}. Its caller waits on {@code wake}, signalled when its batch is over or,
     * first in the queue, when the leader steps down: no other waiter is woken for nothing.
     */
    private final class Pending<T> implements Result<T> {
        private final Condition wake = lock.newCondition();
        private final Work<T> work;
        private Tx tx;
        private T value;
        private Throwable failure;
        private boolean done;

        Pending(Work<T> work) {
            this.work = work;
        }

        /**
         * Runs the work, inside a savepoint when {@code shared} with other writes; on failure
         * rolls back to the savepoint (or, alone in its batch, the whole transaction) and keeps
         * the error. Throws only when the rollback itself fails.
         */
        boolean run(Tx tx, boolean shared) throws SQLException {
            this.tx = tx;
            try {
                if (shared) {
                    statements.savepoint();
                }
                value = work.run(tx);
                if (shared) {
                    statements.releaseSavepoint();
                }
                return true;
            } catch (SQLException e) {
                failure = new IOException("database error: " + e.getMessage(), e);
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
            }
            if (shared) {
                statements.rollbackToSavepoint();
            } else {
                connection.rollback();
            }
            return false;
        }

        boolean succeeded() {
            return failure == null;
        }

        /** Marks a write that had succeeded as failed, when its batch could not commit. */
        void fail(IOException batchFailure) {
            if (failure == null) {
                failure = batchFailure;
            }
        }

        @Override
        public T get() throws IOException {
            return switch (failure) {
                case null -> value;
                case IOException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IOException(failure);
            };
        }
    }
}
