package dev.quantum.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The SQLite file of one root: a single writer connection (callers serialise on it) and
 * a small pool of reader connections, which see consistent snapshots thanks to WAL.
 *
 * <p>{@code synchronous=NORMAL} in WAL mode: a commit survives a crash of this process
 * at once and a power cut from the next checkpoint on. The files themselves are the
 * truth and are fsynced (content, then the folder after the rename) before the commit,
 * so a power cut can at worst lose the index rows of the last changes, never a byte of
 * content: the reconcile at start indexes those files again as new changes, and clients
 * that had read further than the log now reaches merge afresh without deleting. This
 * saves one fsync per change on the upload path, which is latency every client feels.
 */
final class Database implements AutoCloseable {

    /** Work on a connection that may throw SQL errors. */
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private static final int READERS = 3;

    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> all = new ArrayList<>();

    Database(Path file) throws SQLException {
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        writer = open(url);
        all.add(writer);
        Migrator.migrate(writer);
        writer.setAutoCommit(false);
        for (int i = 0; i < READERS; i++) {
            Connection reader = open(url);
            reader.setAutoCommit(false);
            all.add(reader);
            readers.add(reader);
        }
    }

    private static Connection open(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("jdbc.get_generated_keys", "false"); // else every INSERT runs a second query
        Connection c = DriverManager.getConnection(url, properties);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA foreign_keys=ON");
        }
        return c;
    }

    /** The writer connection; only the holder of the store's write lock may use it. */
    Connection writer() {
        return writer;
    }

    /** Runs {@code work} in a read transaction (one consistent snapshot) on a pooled reader. */
    <T> T read(SqlWork<T> work) throws SQLException {
        Connection c;
        try {
            c = readers.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        if (c == null) {
            throw new SQLException("no database connection free after 30 s");
        }
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            readers.add(c);
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
