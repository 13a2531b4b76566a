package dev.quantum.client.state;

import dev.quantum.client.sync.LocalEntry;
import dev.quantum.client.sync.StateStore;
import dev.quantum.client.sync.StateStoreException;
import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Entry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link StateStore} in one SQLite file (WAL, one connection). The schema comes from the
 * numbered files under {@code db/schema/}, applied in order and tracked by SQLite's
 * {@code user_version}. Thread-safe: every method is synchronised on the store.
 */
public final class SqliteStateStore implements StateStore {

    private static final String PUT_BASE = "INSERT INTO base_entry (path, kind, hash, size, modified_ns) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (path) DO UPDATE SET kind = excluded.kind, hash = excluded.hash, "
            + "size = excluded.size, modified_ns = excluded.modified_ns";

    private final Connection db;
    private final Clock clock;

    private SqliteStateStore(Connection db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Opens (creating when needed) the database at {@code file}. */
    public static SqliteStateStore open(Path file, Clock clock) {
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (var s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
            }
            Schema.migrate(db);
            return new SqliteStateStore(db, clock);
        } catch (SQLException e) {
            throw new StateStoreException("cannot open the state database " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<String> clientId() {
        return setting("client_id");
    }

    @Override
    public synchronized void saveClientId(String clientId) {
        saveSetting("client_id", clientId);
    }

    @Override
    public synchronized Optional<String> serverUrl() {
        return setting("server_url");
    }

    @Override
    public synchronized void saveServerUrl(String serverUrl) {
        saveSetting("server_url", serverUrl);
    }

    @Override
    public synchronized long lastSeq() {
        return setting("last_seq").map(Long::parseLong).orElse(0L);
    }

    @Override
    public synchronized void saveLastSeq(long seq) {
        saveSetting("last_seq", Long.toString(seq));
    }

    @Override
    public synchronized Optional<String> ignoreText() {
        return setting("ignore_text");
    }

    @Override
    public synchronized void saveIgnoreText(String text) {
        saveSetting("ignore_text", text);
    }

    @Override
    public synchronized NavigableMap<RelativePath, LocalEntry> loadBase() {
        NavigableMap<RelativePath, LocalEntry> base = new TreeMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT path, kind, hash, size, modified_ns FROM base_entry");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                LocalEntry entry = "dir".equals(rs.getString(2)) ? LocalEntry.directory()
                        : new LocalEntry(Entry.file(rs.getString(3), rs.getLong(4)), rs.getLong(5));
                base.put(RelativePath.of(rs.getString(1)), entry);
            }
            return base;
        } catch (SQLException e) {
            throw failure("read the base", e);
        }
    }

    @Override
    public synchronized void putBase(RelativePath path, LocalEntry entry) {
        putBase(Map.of(path, entry));
    }

    @Override
    public synchronized void putBase(Map<RelativePath, LocalEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            try (PreparedStatement s = db.prepareStatement(PUT_BASE)) {
                for (Map.Entry<RelativePath, LocalEntry> e : entries.entrySet()) {
                    Entry entry = e.getValue().entry();
                    s.setString(1, e.getKey().value());
                    s.setString(2, entry.isDirectory() ? "dir" : "file");
                    s.setObject(3, entry.hash());
                    s.setLong(4, entry.size());
                    s.setLong(5, e.getValue().modifiedNanos());
                    s.addBatch();
                }
                s.executeBatch();
            } catch (SQLException e) {
                throw failure("write", e);
            }
        });
    }

    @Override
    public synchronized void removeBase(RelativePath path) {
        update("DELETE FROM base_entry WHERE path = ? OR (path > ? AND path < ?)",
                path.value(), path.value() + "/", path.value() + "0");
    }

    @Override
    public synchronized void moveBase(RelativePath from, RelativePath to) {
        inTransaction(() -> {
            update("DELETE FROM base_entry WHERE path = ? OR (path > ? AND path < ?)",
                    to.value(), to.value() + "/", to.value() + "0");
            update("UPDATE base_entry SET path = ? || substr(path, ?) WHERE path = ? OR (path > ? AND path < ?)",
                    to.value(), from.value().length() + 1, from.value(), from.value() + "/", from.value() + "0");
        });
    }

    @Override
    public synchronized void resetBase() {
        inTransaction(() -> {
            update("DELETE FROM base_entry");
            update("DELETE FROM pending_path");
            update("DELETE FROM setting WHERE name = 'last_seq'");
        });
    }

    @Override
    public synchronized Map<RelativePath, String> loadPending() {
        Map<RelativePath, String> pending = new LinkedHashMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT path, reason FROM pending_path ORDER BY path");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                pending.put(RelativePath.of(rs.getString(1)), rs.getString(2));
            }
            return pending;
        } catch (SQLException e) {
            throw failure("read the pending paths", e);
        }
    }

    @Override
    public synchronized void putPending(RelativePath path, String reason) {
        update("INSERT INTO pending_path (path, reason, first_ns, attempts) VALUES (?, ?, ?, 1) "
                        + "ON CONFLICT (path) DO UPDATE SET reason = excluded.reason, attempts = attempts + 1",
                path.value(), reason, nanos());
    }

    @Override
    public synchronized void removePending(RelativePath path) {
        update("DELETE FROM pending_path WHERE path = ?", path.value());
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private long nanos() {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private Optional<String> setting(String name) {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM setting WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read " + name, e);
        }
    }

    private void saveSetting(String name, String value) {
        update("INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                name, value);
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private void inTransaction(Runnable work) {
        try {
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("commit", e);
        }
    }

    private static StateStoreException failure(String what, SQLException e) {
        return new StateStoreException("state database: cannot " + what + ": " + e.getMessage(), e);
    }
}
