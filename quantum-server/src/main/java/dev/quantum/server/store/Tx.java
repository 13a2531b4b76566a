package dev.quantum.server.store;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One write transaction on the index and the change log, open while the caller holds
 * the store's write lock. Changes appended here get consecutive seqs after the head and
 * are published only if the transaction commits. Not thread-safe (single writer).
 */
final class Tx {

    private final Connection connection;
    private final long nowMillis;
    private final List<Change> appended = new ArrayList<>();
    private long head;

    Tx(Connection connection, long head, long nowMillis) {
        this.connection = connection;
        this.head = head;
        this.nowMillis = nowMillis;
    }

    Connection connection() {
        return connection;
    }

    long nowMillis() {
        return nowMillis;
    }

    long head() {
        return head;
    }

    /** The seq the next appended change will get. */
    long nextSeq() {
        return head + 1;
    }

    List<Change> appended() {
        return appended;
    }

    Change append(Operation operation, String sourceClient) throws SQLException {
        Change change = new Change(head + 1, operation, sourceClient);
        ChangesTable.append(connection, change, nowMillis);
        head = change.seq();
        appended.add(change);
        return change;
    }

    Optional<IndexEntry> get(RelativePath path) throws SQLException {
        return FilesTable.get(connection, path);
    }

    void put(IndexEntry entry) throws SQLException {
        FilesTable.put(connection, entry);
    }
}
