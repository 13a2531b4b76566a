package dev.quantum.server.store;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.InvalidPathException;
import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import dev.quantum.fs.FileSystemSync;
import dev.quantum.fs.StagingFolders;
import dev.quantum.fs.WriteBehind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files of one root on disk, and its metadata folders {@code .quantum/tmp} (uploads in
 * flight, in its {@linkplain StagingFolders staging folders}) and {@code .quantum/versions}
 * (kept contents). Symbolic links are never followed: a path that goes through one is
 * invalid. Thread-safe (stateless but for paths).
 */
final class Disk {

    /** What the disk holds at a path, read without following links. */
    record Stat(boolean isDirectory, boolean isRegularFile, long size, long mtimeNs) {
        boolean sameContentStamp(IndexEntry e) {
            return isRegularFile && !e.isDirectory() && size == e.size() && mtimeNs == e.mtimeNs();
        }
    }

    /** A fully written file under {@code .quantum/tmp} with its size and hash (forced to disk unless received unforced). */
    record TempFile(Path file, long size, String sha256) {
        void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // cleaned at the next start
            }
        }
    }

    static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path tmp;
    private final StagingFolders staging;
    private final Path versions;
    private final String tempPrefix = "upload-" + UUID.randomUUID() + "-";
    private final AtomicLong tempCounter = new AtomicLong();

    Disk(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
        Path meta = this.root.resolve(RelativePath.METADATA_DIR);
        this.tmp = Files.createDirectories(meta.resolve("tmp"));
        this.staging = new StagingFolders(tmp);
        this.versions = Files.createDirectories(meta.resolve("versions"));
    }

    Path root() {
        return root;
    }

    Path metadataDir() {
        return root.resolve(RelativePath.METADATA_DIR);
    }

    Path versionsDir() {
        return versions;
    }

    /** The disk location of {@code path}; throws {@link InvalidPathException} if it goes through a symlink. */
    Path resolve(RelativePath path) {
        Path current = root;
        for (String segment : path.segments()) {
            current = current.resolve(segment);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                break;
            }
            if (a.isSymbolicLink()) {
                throw new InvalidPathException(path.value(), "goes through a symbolic link, which the server does not follow");
            }
            if (!a.isDirectory()) {
                break;
            }
        }
        return root.resolve(path.value());
    }

    Optional<Stat> stat(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Stat(a.isDirectory(), a.isRegularFile(), a.isRegularFile() ? a.size() : 0,
                    a.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Streams {@code in} to a new temp file while hashing, in whole buffers, and fdatasyncs it
     * (see {@link #receive(Body, long, boolean)}).
     */
    TempFile receive(InputStream in, long maxBytes) throws IOException {
        return receive(in, maxBytes, true);
    }

    /** As {@link #receive(Body, long, boolean)}, reading {@code in} a buffer at a time. */
    TempFile receive(InputStream in, long maxBytes, boolean force) throws IOException {
        return receive(Body.of(in, BUFFER), maxBytes, force);
    }

    /**
     * Writes {@code body} to a new temp file while hashing it, straight from the body's own
     * buffers; with {@code force}, fdatasyncs it (a big file is flushed in the background as
     * it arrives, see {@link WriteBehind}), else the content is left for the caller to make
     * durable ({@link #flush}) before the file is installed. Over {@code maxBytes} (0 = no
     * limit) throws TooLarge. On any failure the temp file is gone.
     */
    TempFile receive(Body body, long maxBytes, boolean force) throws IOException {
        Path file = staging.file(tempPrefix + tempCounter.incrementAndGet() + ".part");
        MessageDigest sha = Sha256.digest();
        long size = 0;
        try (FileChannel out = staging.createNew(file);
             WriteBehind behind = new WriteBehind(out)) {
            byte[] scratch = null;
            for (ByteBuffer piece; (piece = body.next()) != null; ) {
                size += piece.remaining();
                if (maxBytes > 0 && size > maxBytes) {
                    throw StoreException.tooLarge("file is larger than the limit of " + maxBytes + " bytes");
                }
                if (!piece.hasArray() && (scratch == null || scratch.length < Math.min(BUFFER, piece.remaining()))) {
                    scratch = new byte[Math.min(BUFFER, piece.remaining())]; // a small upload needs no 64 KiB
                }
                update(sha, piece, scratch);
                while (piece.hasRemaining()) {
                    out.write(piece);
                }
                behind.written(size);
            }
            behind.close();
            if (force) {
                out.force(false);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new TempFile(file, size, FileMetadata.hex(sha.digest()));
    }

    /**
     * Hashes the remaining bytes of {@code piece}, leaving its position; a direct buffer is
     * copied to {@code scratch} in bulk first (the digest's own path for direct buffers copies
     * it 4 KiB at a time; a 1 GiB upload's profile showed more time there than in the hash).
     */
    private static void update(MessageDigest sha, ByteBuffer piece, byte[] scratch) {
        if (piece.hasArray()) {
            sha.update(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
            return;
        }
        for (int at = piece.position(); at < piece.limit(); ) {
            int n = Math.min(scratch.length, piece.limit() - at);
            piece.get(at, scratch, 0, n);
            sha.update(scratch, 0, n);
            at += n;
        }
    }

    /**
     * Makes the content of files received unforced durable: one flush of the file system for
     * a group (one journal commit), else an fdatasync each.
     */
    void flush(List<TempFile> files, FileSystemSync fileSystem) throws IOException {
        if (fileSystem.worthIt(files.size())) {
            fileSystem.sync(tmp);
            return;
        }
        for (TempFile f : files) {
            try (FileChannel channel = FileChannel.open(f.file(), StandardOpenOption.WRITE)) {
                channel.force(false);
            }
        }
    }

    /**
     * The bytes of {@code path} when it holds exactly {@code size} bytes that hash to
     * {@code sha256}; empty otherwise, or when it cannot be read (never throws).
     */
    Optional<byte[]> contentIf(RelativePath path, int size, String sha256) {
        try (InputStream in = Files.newInputStream(resolve(path), LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(size + 1);
            if (bytes.length != size) {
                return Optional.empty();
            }
            return Sha256.hex(bytes).equals(sha256) ? Optional.of(bytes) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String hash(Path file) throws IOException {
        MessageDigest sha = Sha256.digest();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return FileMetadata.hex(sha.digest());
    }

    /** Deletes {@code top} and everything below it, never following a link. */
    static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Removes uploads that were in flight when the server last stopped. */
    void cleanTemp() throws IOException {
        staging.clean();
    }
}
