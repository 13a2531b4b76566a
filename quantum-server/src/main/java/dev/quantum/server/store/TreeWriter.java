package dev.quantum.server.store;

import dev.quantum.core.InvalidPathException;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tree mutations of the API: install an uploaded file, delete, create folders, move.
 * Each runs as one {@link Writer} write that does its disk work (rename, unlink, mkdir,
 * keeping versions), has the folders it changed fsynced before its batch commits, and
 * records the resulting changes; folders created on the way are changes of their own,
 * committed with it. Thread-safe.
 */
final class TreeWriter {

    private final Disk disk;
    private final Writer writer;
    private final VersionKeeper versions;

    TreeWriter(Disk disk, Writer writer, VersionKeeper versions) {
        this.disk = disk;
        this.writer = writer;
        this.versions = versions;
    }

    /** A received file and where, on what condition, it is to be installed. */
    record Install(RelativePath path, Disk.TempFile content, Precondition precondition) {
    }

    /** Renames the complete, durable temp file into place as the new content of {@code path}. */
    PutResult install(RelativePath path, Disk.TempFile content, Precondition precondition, String source) throws IOException {
        return writer.write(installing(new Install(path, content, precondition), source));
    }

    /**
     * Installs each of {@code files} (durable temp files) as {@link #install} would, each a
     * write of its own that succeeds or fails alone, queued together so they share batches.
     */
    List<? extends Writer.Result<PutResult>> installAll(List<Install> files, String source) {
        return writer.writeAll(files.stream().map(f -> installing(f, source)).toList());
    }

    private Writer.Work<PutResult> installing(Install file, String source) {
        RelativePath path = file.path();
        Disk.TempFile content = file.content();
        Precondition precondition = file.precondition();
        return tx -> {
            Path target = disk.resolve(path);
            Optional<IndexEntry> current = tx.get(path);
            if ((current.isPresent() && current.get().isDirectory()) || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw StoreException.conflict(path + " is a folder");
            }
            precondition.check(current, path.value());
            if (current.isPresent() && current.get().sha256().equals(content.sha256())) {
                return new PutResult(current.get().metadata(), false, List.of());
            }
            createParents(tx, path, source);
            if (current.isPresent()) {
                versions.keep(tx, current.get(), target, "update");
            }
            Files.move(content.file(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tx.syncFolder(target.getParent());
            long mtime = disk.stat(target).orElseThrow(() -> new IOException("vanished after rename: " + path)).mtimeNs();
            IndexEntry entry = new IndexEntry(path, content.size(), mtime, content.sha256(), false, tx.nextSeq());
            tx.put(entry);
            Operation op = current.isPresent() ? new Operation.Update(entry.metadata()) : new Operation.Create(entry.metadata());
            tx.append(op, source);
            return new PutResult(entry.metadata(), current.isEmpty(), tx.appended());
        };
    }

    /** Deletes a file, or a folder with everything in it, as one Delete change. */
    Change delete(RelativePath path, Precondition precondition, String source) throws IOException {
        return writer.write(tx -> {
            Path target = disk.resolve(path);
            Optional<IndexEntry> current = tx.get(path);
            if (current.isEmpty()) {
                throw StoreException.notFound(path + " not found");
            }
            precondition.check(current, path.value());
            for (IndexEntry e : FilesTable.subtree(tx.connection(), path)) {
                versions.keep(tx, e, disk.root().resolve(e.path().value()), "delete");
            }
            Disk.deleteTree(target);
            tx.syncFolder(target.getParent());
            FilesTable.deleteSubtree(tx.connection(), path);
            return tx.append(new Operation.Delete(path), source);
        });
    }

    /** Creates folder {@code path} and missing parents; the result says whether it was new. */
    PutResult mkdir(RelativePath path, String source) throws IOException {
        return writer.write(tx -> {
            disk.resolve(path);
            Optional<IndexEntry> current = tx.get(path);
            if (current.isPresent()) {
                if (!current.get().isDirectory()) {
                    throw StoreException.conflict(path + " is a file");
                }
                return new PutResult(current.get().metadata(), false, List.of());
            }
            ensureDirectories(tx, path, source);
            return new PutResult(tx.get(path).orElseThrow().metadata(), true, tx.appended());
        });
    }

    /** Renames a file or folder (with its contents) as one Move change. */
    PutResult move(RelativePath from, RelativePath to, String source) throws IOException {
        if (to.isWithin(from)) {
            throw new InvalidPathException(to.value(), "cannot move " + from + " into itself");
        }
        return writer.write(tx -> {
            Path source0 = disk.resolve(from);
            Path target = disk.resolve(to);
            if (tx.get(from).isEmpty()) {
                throw StoreException.notFound(from + " not found");
            }
            if (tx.get(to).isPresent() || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw StoreException.conflict(to + " already exists");
            }
            createParents(tx, to, source);
            Files.move(source0, target, StandardCopyOption.ATOMIC_MOVE);
            tx.syncFolder(target.getParent());
            tx.syncFolder(source0.getParent());
            FilesTable.moveSubtree(tx.connection(), from, to, tx.nextSeq());
            tx.append(new Operation.Move(from, to), source);
            return new PutResult(tx.get(to).orElseThrow().metadata(), false, tx.appended());
        });
    }

    private void createParents(Tx tx, RelativePath path, String source) throws IOException, SQLException {
        Optional<RelativePath> parent = path.parent();
        if (parent.isPresent()) {
            ensureDirectories(tx, parent.get(), source);
        }
    }

    /** Creates {@code dir} and its missing ancestors, top down, each as a Create change. */
    private void ensureDirectories(Tx tx, RelativePath dir, String source) throws IOException, SQLException {
        List<RelativePath> chain = new ArrayList<>();
        for (Optional<RelativePath> p = Optional.of(dir); p.isPresent(); p = p.get().parent()) {
            chain.addFirst(p.get());
        }
        for (RelativePath p : chain) {
            Optional<IndexEntry> entry = tx.get(p);
            if (entry.isPresent()) {
                if (!entry.get().isDirectory()) {
                    throw StoreException.conflict(p + " is a file");
                }
                continue;
            }
            Path onDisk = disk.resolve(p);
            if (Files.exists(onDisk, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(onDisk, LinkOption.NOFOLLOW_LINKS)) {
                throw StoreException.conflict(p + " is a file");
            }
            if (!Files.isDirectory(onDisk, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(onDisk);
                tx.syncFolder(onDisk.getParent());
            }
            long mtime = disk.stat(onDisk).orElseThrow(() -> new IOException("vanished after mkdir: " + p)).mtimeNs();
            IndexEntry folder = IndexEntry.directory(p, mtime, tx.nextSeq());
            tx.put(folder);
            tx.append(new Operation.Create(folder.metadata()), source);
        }
    }
}
