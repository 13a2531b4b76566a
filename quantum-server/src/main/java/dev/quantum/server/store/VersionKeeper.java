package dev.quantum.server.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps replaced and deleted file contents under {@code .quantum/versions}: a hard link
 * to the old inode when the file system allows it (free, and safe because the tree
 * never writes into an inode after replacing it: uploads and restores rename new
 * files into place), a copy otherwise. Retention prunes rows and their content files.
 */
final class VersionKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(VersionKeeper.class);

    private final Disk disk;
    private final boolean enabled;
    private final Duration retention;

    VersionKeeper(Disk disk, boolean enabled, Duration retention) {
        this.disk = disk;
        this.enabled = enabled;
        this.retention = retention;
    }

    /** Keeps the content of {@code old} (found at {@code file}) before it is replaced or deleted. */
    void keep(Tx tx, IndexEntry old, Path file, String reason) throws IOException, SQLException {
        if (!enabled || old.isDirectory() || !Files.isRegularFile(file)) {
            return;
        }
        String blob = UUID.randomUUID() + ".blob";
        Path target = disk.versionsDir().resolve(blob);
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        VersionsTable.insert(tx.connection(), old, tx.nowMillis(), reason, blob);
    }

    Path blob(String name) {
        return disk.versionsDir().resolve(name);
    }

    /** Removes versions past retention, and content files no row refers to (left by failed transactions). */
    void prune(Tx tx) throws SQLException {
        List<String> expired = VersionsTable.pruneBefore(tx.connection(), tx.nowMillis() - retention.toMillis());
        expired.forEach(this::deleteQuietly);
        Set<String> referenced = VersionsTable.allBlobs(tx.connection());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(disk.versionsDir())) {
            for (Path f : files) {
                if (!referenced.contains(f.getFileName().toString())) {
                    deleteQuietly(f.getFileName().toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", disk.versionsDir(), e.toString());
        }
        if (!expired.isEmpty()) {
            LOG.info("pruned {} versions older than {}", expired.size(), retention);
        }
    }

    private void deleteQuietly(String name) {
        try {
            Files.deleteIfExists(blob(name));
        } catch (IOException e) {
            LOG.warn("cannot delete kept version {}: {}", name, e.toString());
        }
    }
}
