package dev.quantum.server.store;

import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.server.sync.LoggedChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** SQL over the {@code changes} table (the change log). Stateless. */
final class ChangesTable {

    static final String APPEND = "INSERT INTO changes(seq, op, source_client, committed_at) VALUES (?, ?, ?, ?)";

    private ChangesTable() {
    }

    static long head(Connection c) throws SQLException {
        return single(c, "SELECT COALESCE(MAX(seq), 0) FROM changes");
    }

    /** The smallest retained seq, or 0 when the log is empty. */
    static long oldest(Connection c) throws SQLException {
        return single(c, "SELECT COALESCE(MIN(seq), 0) FROM changes");
    }

    /** Appends {@code change} with a prepared {@link #APPEND} statement, left open. */
    static void append(PreparedStatement append, Change change, long committedAtMillis) throws SQLException {
        append.setLong(1, change.seq());
        append.setString(2, JsonCodec.toJson(JsonCodec.operationNode(change.operation())));
        append.setString(3, change.sourceClient());
        append.setLong(4, committedAtMillis);
        append.executeUpdate();
    }

    static List<Change> after(Connection c, long since, int limit) throws SQLException {
        List<Change> out = new ArrayList<>();
        for (LoggedChange logged : loggedAfter(c, since, limit)) {
            out.add(new Change(logged.seq(), JsonCodec.decodeOperation(JsonCodec.parse(logged.operationJson()), "op"),
                    logged.sourceClient()));
        }
        return out;
    }

    /** Like {@link #after}, with each operation left as its stored JSON text. */
    static List<LoggedChange> loggedAfter(Connection c, long since, int limit) throws SQLException {
        List<LoggedChange> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT seq, op, source_client FROM changes WHERE seq > ? ORDER BY seq LIMIT ?")) {
            p.setLong(1, since);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new LoggedChange(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** Deletes changes at or below {@code maxSeq} or committed before {@code beforeMillis}, never the newest. */
    static int prune(Connection c, long maxSeq, long beforeMillis) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "DELETE FROM changes WHERE seq < (SELECT MAX(seq) FROM changes) AND (seq <= ? OR committed_at < ?)")) {
            p.setLong(1, maxSeq);
            p.setLong(2, beforeMillis);
            return p.executeUpdate();
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
