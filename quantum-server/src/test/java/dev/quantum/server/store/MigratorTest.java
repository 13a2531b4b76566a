package dev.quantum.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigratorTest {

    @TempDir
    Path dir;

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void every_schema_file_is_applied_once_and_recorded() throws SQLException {
        try (Connection c = open()) {
            Migrator.migrate(c);
            Migrator.migrate(c);
            assertThat(single(c, "SELECT COUNT(*) FROM schema_version")).isEqualTo(Migrator.SCHEMA_FILES.size());
            assertThat(single(c, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('files','changes','versions')"))
                    .isEqualTo(3);
        }
    }

    @Test
    void tables_are_strict() throws SQLException {
        try (Connection c = open()) {
            Migrator.migrate(c);
            assertThatThrownBy(() -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO files VALUES ('a', 'not a number', 0, '', 0, 1)");
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("cannot store TEXT value in INTEGER column");
        }
    }

    @Test
    void a_database_from_a_newer_program_is_refused() throws SQLException {
        try (Connection c = open()) {
            Migrator.migrate(c);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO schema_version VALUES (99, '99-future.sql', 0)");
            }
            assertThatThrownBy(() -> Migrator.migrate(c)).isInstanceOf(SQLException.class).hasMessageContaining("newer than this program");
        }
    }
}
