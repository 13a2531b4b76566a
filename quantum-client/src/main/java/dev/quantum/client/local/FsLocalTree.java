package dev.quantum.client.local;

import dev.quantum.client.sync.ContentMismatchException;
import dev.quantum.client.sync.LocalChangedException;
import dev.quantum.client.sync.LocalEntry;
import dev.quantum.client.sync.LocalScan;
import dev.quantum.client.sync.LocalTree;
import dev.quantum.client.sync.ScanRequest;
import dev.quantum.core.RelativePath;
import dev.quantum.core.ignore.IgnoreRules;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.fs.FileSystemSync;
import dev.quantum.fs.StagingFolders;
import dev.quantum.fs.WriteBehind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/** {@link LocalTree} on the real file system. Thread-safe. */
public final class FsLocalTree implements LocalTree {

    private final Path root;
    private final Path metadata;
    private final Path temp;
    /** Files from this size on are hashed by their upload rather than by the scan, unless compared. */
    public static final long HASH_LATER_FROM = 1024 * 1024;

    private static final long PROCESS = ProcessHandle.current().pid();

    private final DiskNames diskNames = new DiskNames();
    private final AtomicLong parts = new AtomicLong();
    private final StagingFolders staging;
    private final long hashLaterFrom;
    private final FileSystemSync fileSystem;

    /** A tree at {@code root}, which must exist, with its metadata folder {@code root/.quantum}. */
    public FsLocalTree(Path root) throws IOException {
        this(root, HASH_LATER_FROM);
    }

    /** A tree whose scans leave files of at least {@code hashLaterFrom} bytes unhashed when nothing is known of them. */
    public FsLocalTree(Path root, long hashLaterFrom) throws IOException {
        this(root, hashLaterFrom, FileSystemSync.system());
    }

    /**
     * A tree whose groups of downloads are made durable by {@code fileSystem} (with
     * {@link FileSystemSync#unavailable()}, every download is forced on its own).
     */
    public FsLocalTree(Path root, long hashLaterFrom, FileSystemSync fileSystem) throws IOException {
        if (hashLaterFrom < 1) {
            throw new IllegalArgumentException("hashLaterFrom must be at least 1: " + hashLaterFrom);
        }
        this.hashLaterFrom = hashLaterFrom;
        this.fileSystem = Objects.requireNonNull(fileSystem, "fileSystem");
        this.root = root.toRealPath();
        this.metadata = this.root.resolve(RelativePath.METADATA_DIR);
        this.temp = metadata.resolve("tmp");
        this.staging = new StagingFolders(temp);
    }

    @Override
    public Path root() {
        return root;
    }

    /** {@code DIR/.quantum}. */
    public Path metadataFolder() {
        return metadata;
    }

    /** Creates {@code DIR/.quantum} and its temp folder. */
    public void createMarker() throws IOException {
        Files.createDirectories(temp);
    }

    @Override
    public boolean markerPresent() {
        return Files.isDirectory(metadata, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public LocalScan scan(ScanRequest request, IgnoreRules rules, Function<RelativePath, LocalEntry> known) {
        return new Scanner(root, rules, known, diskNames, hashLaterFrom).scan(request);
    }

    @Override
    public Path onDisk(RelativePath path) {
        return root.relativize(diskNames.resolve(root, path));
    }

    @Override
    public Path file(RelativePath path) throws IOException {
        return writable(path);
    }

    @Override
    public Optional<LocalEntry> stat(RelativePath path, Optional<LocalEntry> known) throws IOException {
        Path file = writable(path);
        BasicFileAttributes a = attributesIfExists(file);
        if (a == null) {
            return Optional.empty();
        }
        if (a.isDirectory()) {
            return Optional.of(LocalEntry.directory());
        }
        if (!a.isRegularFile()) {
            throw new IOException(path + " is not a regular file or folder");
        }
        long modified = Scanner.nanos(a);
        if (known.isPresent() && known.get().sameStat(a.size(), modified)) {
            return known;
        }
        return Optional.of(new LocalEntry(Entry.file(Hashing.of(file), a.size()), modified));
    }

    @Override
    public Optional<LocalEntry> hash(RelativePath path) throws IOException {
        Path file = writable(path);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new LocalChangedException(path, "is no longer a regular file");
            }
            return Optional.of(Scanner.steadyHash(file, a)
                    .orElseThrow(() -> new LocalChangedException(path, "keeps changing while being read")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Staged stage(RelativePath path, InputStream content, Entry entry, Instant modified, boolean force)
            throws IOException {
        Part opened = openPart();
        Path part = opened.file();
        boolean staged = false;
        try {
            String hash;
            try (InputStream in = content;
                 FileChannel channel = opened.channel();
                 WriteBehind behind = new WriteBehind(channel)) {
                hash = Hashing.copy(in, behind.behind(Channels.newOutputStream(channel)), entry.size());
                behind.close();
                if (force) {
                    channel.force(false);
                }
            }
            if (!hash.equals(entry.hash())) {
                throw new ContentMismatchException(path + ": downloaded content hashes to " + hash + ", expected " + entry.hash());
            }
            Files.setLastModifiedTime(part, FileTime.from(modified));
            LocalEntry written = new LocalEntry(entry, Scanner.nanos(
                    Files.readAttributes(part, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
            staged = true;
            return new Staged(path, part, written, force);
        } finally {
            if (!staged) {
                Files.deleteIfExists(part);
            }
        }
    }

    @Override
    public LocalEntry place(Staged staged, Optional<LocalEntry> expected, Consumer<LocalEntry> beforeRename)
            throws IOException {
        Path target;
        try {
            target = writable(staged.path());
            requireUnchanged(staged.path(), target, expected);
            createParents(staged.path());
            beforeRename.accept(staged.entry());
            Files.move(staged.part(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged.part());
            throw e;
        }
        if (staged.forced()) {
            fileSystem.syncFolder(target.getParent());
        }
        return staged.entry();
    }

    @Override
    public void discard(Staged staged) {
        try {
            Files.deleteIfExists(staged.part());
        } catch (IOException e) {
            // cleanTemp removes it at the next start; it never reaches a synced path
        }
    }

    @Override
    public boolean flushesTogether(int files) {
        return fileSystem.worthIt(files);
    }

    @Override
    public void flush() throws IOException {
        fileSystem.sync(temp);
    }

    /** A new temp file, open for writing. */
    private record Part(Path file, FileChannel channel) {
    }

    /**
     * Creates a new, empty temp file in this thread's {@linkplain StagingFolders staging
     * folder}. Named by this process and a counter (and created exclusively), not by a random
     * name, and made with the folder's usual permissions, so a placed file looks like any other
     * file the user makes there.
     */
    private Part openPart() throws IOException {
        while (true) {
            Path file = staging.file("download-" + PROCESS + "-" + parts.incrementAndGet() + ".part");
            try {
                return new Part(file, staging.createNew(file));
            } catch (FileAlreadyExistsException e) {
                // left by an earlier process with the same id; take the next number
            }
        }
    }

    @Override
    public void delete(RelativePath path, LocalEntry expected) throws IOException {
        Path target = writable(path);
        if (expected.entry().isDirectory()) {
            deleteFolder(path, target);
            return;
        }
        requireUnchanged(path, target, Optional.of(expected));
        Files.deleteIfExists(target);
    }

    @Override
    public void mkdir(RelativePath path) throws IOException {
        Path target = writable(path);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new LocalChangedException(path, "a file stands where the folder should be created");
        }
        Files.createDirectories(target);
    }

    @Override
    public void move(RelativePath from, RelativePath to) throws IOException {
        Path source = writable(from);
        Path target = writable(to);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new LocalChangedException(to, "already exists; not replaced by a move");
        }
        createParents(to);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            throw new LocalChangedException(from, "vanished before it could be moved");
        } catch (FileAlreadyExistsException e) {
            throw new LocalChangedException(to, "already exists; not replaced by a move");
        }
    }

    @Override
    public void cleanTemp() {
        try {
            staging.clean();
        } catch (IOException e) {
            // Nothing there, or nothing we can do: leftovers never reach a synced path, and
            // the next start tries again.
        }
    }

    private void deleteFolder(RelativePath path, Path target) throws IOException {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new LocalChangedException(path, "a file now stands where a folder was");
            }
            return;
        }
        List<Path> litter = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(target)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                boolean isDirectory = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
                Optional<RelativePath> rel = RelativePath.tryParse(path.value() + "/" + name);
                if (isDirectory || rel.isEmpty() || !IgnoreRules.defaults().ignores(rel.get(), false)) {
                    throw new LocalChangedException(path, "folder still holds '" + name + "'; left in place");
                }
                litter.add(child);
            }
        }
        for (Path child : litter) {
            Files.deleteIfExists(child);
        }
        Files.deleteIfExists(target);
    }

    private void requireUnchanged(RelativePath path, Path target, Optional<LocalEntry> expected) throws IOException {
        BasicFileAttributes a = attributesIfExists(target);
        if (a == null) {
            if (expected.isPresent()) {
                throw new LocalChangedException(path, "was deleted meanwhile");
            }
            return;
        }
        if (expected.isEmpty()) {
            throw new LocalChangedException(path, "appeared meanwhile");
        }
        if (!a.isRegularFile() || !expected.get().sameStat(a.size(), Scanner.nanos(a))) {
            throw new LocalChangedException(path, "was changed meanwhile");
        }
    }

    private void createParents(RelativePath path) throws IOException {
        Optional<RelativePath> parent = path.parent();
        if (parent.isPresent()) {
            Path folder = writable(parent.get());
            BasicFileAttributes a = attributesIfExists(folder);
            if (a == null) {
                Files.createDirectories(folder);
            } else if (!a.isDirectory()) {
                throw new LocalChangedException(parent.get(), "a file stands where a folder is needed");
            }
        }
    }

    /**
     * {@code file}'s own attributes (a link's, not its target's), or null when nothing is
     * there. Asked for every file placed or looked at alone: unlike {@code Files.readAttributes},
     * an absent file costs no exception, and one {@code lstat} answers both "exists" and "is a
     * folder".
     */
    private static BasicFileAttributes attributesIfExists(Path file) throws IOException {
        return file.getFileSystem().provider().readAttributesIfExists(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** The disk path of {@code path}, refusing any symbolic link on the way from the root. */
    private Path writable(RelativePath path) throws IOException {
        Path target = diskNames.resolve(root, path);
        for (Path p = target.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException(path + ": '" + root.relativize(p) + "' is a symbolic link; not followed");
            }
        }
        return target;
    }
}
