package dev.quantum.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies the numbered schema files {@code db/schema/NN-*.sql} that a database has not
 * seen yet, each in its own transaction, and records them in {@code schema_version}.
 * A database newer than this program is refused rather than guessed at.
 */
final class Migrator {

    /** In order; append new files, never edit applied ones. */
    static final List<String> SCHEMA_FILES = List.of("01-initial.sql");

    private Migrator() {
    }

    static void migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version    INTEGER NOT NULL PRIMARY KEY, -- number of the applied schema file
                        name       TEXT    NOT NULL,             -- its file name
                        applied_at INTEGER NOT NULL              -- when, ms since the epoch
                    ) STRICT""");
        }
        int current = currentVersion(c);
        if (current > SCHEMA_FILES.size()) {
            throw new SQLException("database schema version " + current + " is newer than this program ("
                    + SCHEMA_FILES.size() + "); use a newer Quantum");
        }
        for (int v = current + 1; v <= SCHEMA_FILES.size(); v++) {
            apply(c, v, SCHEMA_FILES.get(v - 1));
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void apply(Connection c, int version, String name) throws SQLException {
        String sql = read(name);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String statement : sql.split(";\\s*(\\r?\\n|$)")) {
                if (!stripComments(statement).isBlank()) {
                    s.executeUpdate(statement);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, version);
                p.setString(2, name);
                p.setLong(3, System.currentTimeMillis());
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("schema file " + name + ": " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static String stripComments(String sql) {
        return sql.replaceAll("--[^\\n]*", "");
    }

    private static String read(String name) throws SQLException {
        try (InputStream in = Migrator.class.getResourceAsStream("/db/schema/" + name)) {
            if (in == null) {
                throw new SQLException("schema file missing from the classpath: db/schema/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read schema file " + name, e);
        }
    }
}
