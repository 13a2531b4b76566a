package dev.quantum.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer connection's hot statements, prepared once and reused by every write
 * (SQLite compiles a statement on each prepare). They are closed with the connection.
 * Used only by the leader of a {@link Writer} batch. Not thread-safe.
 */
final class Statements {

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Statements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The statement for {@code sql}, prepared on first use; the caller binds every parameter. */
    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement p = prepared.get(sql);
        if (p == null) {
            p = connection.prepareStatement(sql);
            prepared.put(sql, p);
        }
        return p;
    }

    /**
     * Starts the savepoint of one write among others in a batch (one at a time, never
     * nested), with statements prepared once: the driver's {@code setSavepoint} compiles a new
     * statement for each of the three steps of every write.
     */
    void savepoint() throws SQLException {
        get("SAVEPOINT one_write").execute();
    }

    /** Keeps what the write did since {@link #savepoint}. */
    void releaseSavepoint() throws SQLException {
        get("RELEASE one_write").execute();
    }

    /** Undoes what the write did since {@link #savepoint}, and ends the savepoint. */
    void rollbackToSavepoint() throws SQLException {
        get("ROLLBACK TO one_write").execute();
        get("RELEASE one_write").execute();
    }
}
