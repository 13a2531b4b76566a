package dev.quantum.server.store;

import dev.quantum.core.RelativePath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL over the {@code files} table. A subtree is selected with a range on the primary
 * key: everything starting with {@code "p/"} lies in {@code ["p/", "p0")} because
 * {@code '0'} follows {@code '/'} in byte order. Stateless.
 */
final class FilesTable {

    private static final String COLUMNS = "path, size, mtime_ns, sha256, is_directory, version";
    private static final String SUBTREE = "(path = ? OR (path >= ? AND path < ?))";
    static final String GET = "SELECT " + COLUMNS + " FROM files WHERE path = ?";
    static final String PUT = "INSERT INTO files(" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
            + "sha256 = excluded.sha256, is_directory = excluded.is_directory, version = excluded.version";

    private FilesTable() {
    }

    static Optional<IndexEntry> get(Connection c, RelativePath path) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(GET)) {
            return get(p, path);
        }
    }

    /** {@link #get} with a prepared {@link #GET} statement, left open. */
    static Optional<IndexEntry> get(PreparedStatement get, RelativePath path) throws SQLException {
        get.setString(1, path.value());
        try (ResultSet rs = get.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    static List<IndexEntry> all(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM files ORDER BY path")) {
            return rows(p);
        }
    }

    /** {@code path} and everything below it. */
    static List<IndexEntry> subtree(Connection c, RelativePath path) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM files WHERE " + SUBTREE + " ORDER BY path")) {
            bindSubtree(p, 1, path);
            return rows(p);
        }
    }

    /** Inserts or replaces the row of {@code e.path()} with a prepared {@link #PUT} statement, left open. */
    static void put(PreparedStatement put, IndexEntry e) throws SQLException {
        put.setString(1, e.path().value());
        put.setLong(2, e.size());
        put.setLong(3, e.mtimeNs());
        put.setString(4, e.sha256());
        put.setInt(5, e.isDirectory() ? 1 : 0);
        put.setLong(6, e.version());
        put.executeUpdate();
    }

    static int deleteSubtree(Connection c, RelativePath path) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM files WHERE " + SUBTREE)) {
            bindSubtree(p, 1, path);
            return p.executeUpdate();
        }
    }

    /** Renames {@code from} and everything below it to {@code to}; the moved entries get {@code version}. */
    static void moveSubtree(Connection c, RelativePath from, RelativePath to, long version) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE files SET path = ? || substr(path, ?), version = ? WHERE " + SUBTREE)) {
            p.setString(1, to.value());
            p.setInt(2, from.value().codePointCount(0, from.value().length()) + 1); // SQLite counts characters
            p.setLong(3, version);
            bindSubtree(p, 4, from);
            p.executeUpdate();
        }
    }

    private static void bindSubtree(PreparedStatement p, int first, RelativePath path) throws SQLException {
        p.setString(first, path.value());
        p.setString(first + 1, path.value() + "/");
        p.setString(first + 2, path.value() + "0");
    }

    private static List<IndexEntry> rows(PreparedStatement p) throws SQLException {
        List<IndexEntry> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static IndexEntry row(ResultSet rs) throws SQLException {
        return new IndexEntry(RelativePath.of(rs.getString(1)), rs.getLong(2), rs.getLong(3), rs.getString(4),
                rs.getInt(5) != 0, rs.getLong(6));
    }
}
