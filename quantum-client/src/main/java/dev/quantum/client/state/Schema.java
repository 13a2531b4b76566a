package dev.quantum.client.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Applies the numbered schema files a database has not seen yet, each in one transaction. */
final class Schema {

    /** In order; file N brings the database to {@code user_version} N. Never edit a released file: add one. */
    static final List<String> FILES = List.of("01-initial.sql");

    private Schema() {
    }

    static void migrate(Connection db) throws SQLException {
        int version;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > FILES.size()) {
            throw new SQLException("the state database is from a newer client (schema " + version + ")");
        }
        for (int i = version; i < FILES.size(); i++) {
            apply(db, FILES.get(i), i + 1);
        }
    }

    private static void apply(Connection db, String file, int version) throws SQLException {
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            for (String statement : read(file).split("\n;\n?")) {
                if (!statement.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
                    s.execute(statement);
                }
            }
            s.execute("PRAGMA user_version = " + version);
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private static String read(String file) {
        try (InputStream in = Schema.class.getResourceAsStream("/db/schema/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
