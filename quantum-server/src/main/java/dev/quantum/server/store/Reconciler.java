package dev.quantum.server.store;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the index in line with the disk for a subtree (or the whole root): files and
 * folders that appeared, changed or vanished become changes. Disk is scanned and new
 * content hashed without the write lock; then each path is decided under the lock
 * against a fresh stat and the current index, so our own writes (already indexed with
 * the stat they left) are never mistaken for edits, and content that changed during the
 * scan is left for the next event. Symbolic links, special files and names that are not
 * valid paths (or not NFC) are ignored. Thread-safe.
 */
final class Reconciler {

    private record Hashed(Disk.Stat stat, String sha256) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Disk disk;
    private final Writer writer;
    private final Database db;

    Reconciler(Disk disk, Writer writer, Database db) {
        this.disk = disk;
        this.writer = writer;
        this.db = db;
    }

    /** Reconciles {@code scope} and below (the whole root when empty); returns how many changes it committed. */
    int reconcile(Optional<RelativePath> scope) throws IOException {
        Optional<RelativePath> top = widen(scope);
        Map<RelativePath, Disk.Stat> onDisk = scan(top);
        Map<RelativePath, IndexEntry> indexed = new HashMap<>();
        readIndex(top).forEach(e -> indexed.put(e.path(), e));
        Map<RelativePath, Hashed> hashed = new HashMap<>();
        for (var entry : onDisk.entrySet()) {
            IndexEntry known = indexed.get(entry.getKey());
            if (entry.getValue().isRegularFile() && (known == null || !entry.getValue().sameContentStamp(known))) {
                hash(entry.getKey(), entry.getValue()).ifPresent(h -> hashed.put(entry.getKey(), h));
            }
        }
        TreeSet<RelativePath> paths = new TreeSet<>(onDisk.keySet());
        paths.addAll(indexed.keySet());
        paths.removeIf(p -> unchanged(onDisk.get(p), indexed.get(p)));
        int changes = 0;
        for (RelativePath path : paths) {
            changes += writer.write(tx -> apply(tx, path, hashed.get(path)));
        }
        return changes;
    }

    /** True when the scan shows nothing to do for a path (the common case), so it needs no transaction. */
    private static boolean unchanged(Disk.Stat stat, IndexEntry known) {
        if (stat == null || known == null || stat.isDirectory() != known.isDirectory()) {
            return false;
        }
        return stat.isDirectory() || stat.sameContentStamp(known);
    }

    /** Grows the scope to the topmost ancestor the index does not know, so new folders are created first. */
    private Optional<RelativePath> widen(Optional<RelativePath> scope) throws IOException {
        if (scope.isEmpty()) {
            return scope;
        }
        RelativePath top = scope.get();
        while (top.parent().isPresent() && lookup(top.parent().get()).filter(IndexEntry::isDirectory).isEmpty()) {
            top = top.parent().get();
        }
        return Optional.of(top);
    }

    private int apply(Tx tx, RelativePath path, Hashed hashed) throws IOException, SQLException {
        Optional<IndexEntry> known = tx.get(path);
        Optional<Disk.Stat> stat = disk.stat(disk.root().resolve(path.value()))
                .filter(s -> s.isDirectory() || s.isRegularFile());
        if (stat.isEmpty() || (known.isPresent() && known.get().isDirectory() != stat.get().isDirectory())) {
            if (known.isEmpty()) {
                return 0;
            }
            FilesTable.deleteSubtree(tx.connection(), path);
            tx.append(new Operation.Delete(path), null);
            return 1 + (stat.isPresent() ? apply(tx, path, hashed) : 0);
        }
        if (known.isEmpty() && path.parent().isPresent()
                && tx.get(path.parent().get()).filter(IndexEntry::isDirectory).isEmpty()) {
            return 0;
        }
        Disk.Stat now = stat.get();
        if (now.isDirectory()) {
            if (known.isPresent()) {
                return 0;
            }
            IndexEntry folder = IndexEntry.directory(path, now.mtimeNs(), tx.nextSeq());
            tx.put(folder);
            tx.append(new Operation.Create(folder.metadata()), null);
            return 1;
        }
        if ((known.isPresent() && now.sameContentStamp(known.get())) || hashed == null || !hashed.stat().equals(now)) {
            return 0;
        }
        if (known.isPresent() && known.get().sha256().equals(hashed.sha256())) {
            tx.put(new IndexEntry(path, now.size(), now.mtimeNs(), hashed.sha256(), false, known.get().version()));
            return 0;
        }
        IndexEntry file = new IndexEntry(path, now.size(), now.mtimeNs(), hashed.sha256(), false, tx.nextSeq());
        tx.put(file);
        tx.append(known.isPresent() ? new Operation.Update(file.metadata()) : new Operation.Create(file.metadata()), null);
        return 1;
    }

    private Optional<Hashed> hash(RelativePath path, Disk.Stat before) {
        Path file = disk.root().resolve(path.value());
        try {
            String sha = Disk.hash(file);
            return disk.stat(file).filter(before::equals).map(after -> new Hashed(after, sha));
        } catch (IOException e) {
            LOG.debug("cannot hash {}: {}", path, e.toString());
            return Optional.empty();
        }
    }

    private Map<RelativePath, Disk.Stat> scan(Optional<RelativePath> top) throws IOException {
        Map<RelativePath, Disk.Stat> out = new TreeMap<>();
        Path start = top.map(p -> disk.root().resolve(p.value())).orElse(disk.root());
        if (top.isPresent() && hasSymlinkAncestor(top.get())) {
            return out;
        }
        if (!Files.exists(start, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(disk.root())) {
                    return FileVisitResult.CONTINUE;
                }
                Optional<RelativePath> path = relative(dir);
                path.ifPresent(p -> disk.stat(dir).ifPresent(s -> out.put(p, s)));
                return path.isPresent() ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    relative(file).ifPresent(p -> disk.stat(file).ifPresent(s -> out.put(p, s)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                LOG.debug("cannot read {}: {}", file, e.toString());
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private boolean hasSymlinkAncestor(RelativePath path) {
        try {
            disk.resolve(path);
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** The path of a disk entry, or empty (and a log line) if it cannot be synced. */
    private Optional<RelativePath> relative(Path file) {
        String raw = disk.root().relativize(file).toString().replace(java.io.File.separatorChar, '/');
        if (raw.equals(RelativePath.METADATA_DIR)) {
            return Optional.empty();
        }
        Optional<RelativePath> path = RelativePath.tryParse(raw).filter(p -> p.value().equals(raw));
        if (path.isEmpty()) {
            LOG.warn("ignoring {}: not a valid sync path", file);
        }
        return path;
    }

    private Optional<IndexEntry> lookup(RelativePath path) throws IOException {
        try {
            return db.read(c -> FilesTable.get(c, path));
        } catch (SQLException e) {
            throw new IOException("database error: " + e.getMessage(), e);
        }
    }

    private java.util.List<IndexEntry> readIndex(Optional<RelativePath> top) throws IOException {
        try {
            return db.read(c -> top.isPresent() ? FilesTable.subtree(c, top.get()) : FilesTable.all(c));
        } catch (SQLException e) {
            throw new IOException("database error: " + e.getMessage(), e);
        }
    }
}
