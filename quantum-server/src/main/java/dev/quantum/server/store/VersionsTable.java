package dev.quantum.server.store;

import dev.quantum.core.RelativePath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** SQL over the {@code versions} table. Stateless. */
final class VersionsTable {

    /** A row with the name of its content file. */
    record Row(VersionInfo info, String blob) {
    }

    private static final String COLUMNS = "id, path, size, sha256, mtime_ns, replaced_at, reason, blob";

    private VersionsTable() {
    }

    /** Inserts a row. */
    static void insert(Connection c, IndexEntry old, long replacedAtMillis, String reason, String blob) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO versions(path, size, sha256, mtime_ns, replaced_at, reason, blob) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, old.path().value());
            p.setLong(2, old.size());
            p.setString(3, old.sha256());
            p.setLong(4, old.mtimeNs());
            p.setLong(5, replacedAtMillis);
            p.setString(6, reason);
            p.setString(7, blob);
            p.executeUpdate();
        }
    }

    /** Newest first; every path when {@code path} is empty. */
    static List<Row> list(Connection c, Optional<RelativePath> path) throws SQLException {
        String where = path.isPresent() ? " WHERE path = ?" : "";
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM versions" + where + " ORDER BY id DESC")) {
            if (path.isPresent()) {
                p.setString(1, path.get().value());
            }
            return rows(p);
        }
    }

    static Optional<Row> get(Connection c, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM versions WHERE id = ?")) {
            p.setLong(1, id);
            List<Row> rows = rows(p);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        }
    }

    /** Deletes rows replaced before {@code beforeMillis} and returns their content file names. */
    static List<String> pruneBefore(Connection c, long beforeMillis) throws SQLException {
        List<String> blobs = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("DELETE FROM versions WHERE replaced_at < ? RETURNING blob")) {
            p.setLong(1, beforeMillis);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    blobs.add(rs.getString(1));
                }
            }
        }
        return blobs;
    }

    static Set<String> allBlobs(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT blob FROM versions")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<Row> rows(PreparedStatement p) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                VersionInfo info = new VersionInfo(Long.toString(rs.getLong(1)), RelativePath.of(rs.getString(2)),
                        rs.getLong(3), IndexEntry.modified(rs.getLong(5)), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7));
                out.add(new Row(info, rs.getString(8)));
            }
        }
        return out;
    }
}
