package dev.quantum.server.store;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One write of a {@link Writer} batch: its part of the batch's transaction on the index
 * and the change log. Changes appended here get consecutive seqs after the head and are
 * published only if the batch commits; folders whose entries it changed are fsynced once
 * for the whole batch, before the commit. Not thread-safe (single writer).
 */
final class Tx {

    private final Statements statements;
    private final long nowMillis;
    private final List<Change> appended = new ArrayList<>();
    private final Set<Path> folders;
    private long head;

    Tx(Statements statements, long head, long nowMillis, Set<Path> folders) {
        this.statements = statements;
        this.head = head;
        this.nowMillis = nowMillis;
        this.folders = folders;
    }

    Connection connection() {
        return statements.connection();
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

    /** Makes an entry created, renamed or removed in {@code folder} durable before the batch commits. */
    void syncFolder(Path folder) {
        folders.add(folder);
    }

    List<Change> appended() {
        return appended;
    }

    Change append(Operation operation, String sourceClient) throws SQLException {
        Change change = new Change(head + 1, operation, sourceClient);
        ChangesTable.append(statements.get(ChangesTable.APPEND), change, nowMillis);
        head = change.seq();
        appended.add(change);
        return change;
    }

    Optional<IndexEntry> get(RelativePath path) throws SQLException {
        return FilesTable.get(statements.get(FilesTable.GET), path);
    }

    void put(IndexEntry entry) throws SQLException {
        FilesTable.put(statements.get(FilesTable.PUT), entry);
    }
}
