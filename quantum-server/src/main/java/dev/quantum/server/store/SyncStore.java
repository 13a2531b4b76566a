package dev.quantum.server.store;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.InvalidPathException;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.ChangesPage;
import dev.quantum.protocol.FileBatch;
import dev.quantum.protocol.ProtocolException;
import dev.quantum.fs.FileSystemSync;
import dev.quantum.server.sync.ChangeFeed;
import dev.quantum.server.sync.ChangesExpiredException;
import dev.quantum.server.sync.LoggedChange;
import dev.quantum.server.sync.OperationRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed state of one synced root: files on disk, their index, the change log
 * and kept versions, all under {@code ROOT/.quantum/}. Every write goes through one
 * writer and commits as one transaction that appends its changes with gap-free seqs,
 * then tells subscribers. Reads see consistent snapshots. Thread-safe.
 */
public final class SyncStore implements ChangeFeed, AutoCloseable {

    /** Store-wide settings; see {@code FileSyncConfig}. Immutable. */
    public record Options(boolean versioning, Duration versionRetention, long changeLogMaxEntries, Duration changeLogMaxAge) {
        public static final Options DEFAULT = new Options(true, Duration.ofDays(30), 100_000, Duration.ofDays(30));

        public Options {
            Objects.requireNonNull(versionRetention, "versionRetention");
            Objects.requireNonNull(changeLogMaxAge, "changeLogMaxAge");
        }
    }

    /** Every entry with the head of the log at the same instant. Immutable. */
    public record Listing(long head, List<FileMetadata> entries) {
        public Listing {
            entries = List.copyOf(entries);
        }
    }

    /** A kept version and where its content lies. */
    public record VersionContent(VersionInfo info, Path file) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SyncStore.class);

    private final Options options;
    private final Disk disk;
    private final Database db;
    private final Writer writer;
    private final VersionKeeper versions;
    private final TreeWriter tree;
    private final Reconciler reconciler;
    private final FileSystemSync fileSystem = FileSystemSync.system();

    private SyncStore(Path root, Options options, Clock clock) throws IOException, SQLException {
        this.options = options;
        this.disk = new Disk(root);
        disk.cleanTemp();
        this.db = new Database(disk.metadataDir().resolve("index.db"));
        this.writer = new Writer(db.writer(), clock);
        this.versions = new VersionKeeper(disk, options.versioning(), options.versionRetention());
        this.tree = new TreeWriter(disk, writer, versions);
        this.reconciler = new Reconciler(disk, writer, db);
    }

    /** Opens (creating if needed) the store of {@code root}; call {@link #reconcileAll()} before serving. */
    public static SyncStore open(Path root, Options options, Clock clock) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException("cannot use " + root + " as a sync root: it is not a folder");
        }
        try {
            return new SyncStore(root, options, clock);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot use " + root + " as a sync root: permission denied (" + e.getFile() + ")", e);
        } catch (SQLException e) {
            throw new IOException("cannot open the index of " + root + ": " + e.getMessage(), e);
        }
    }

    /** The real path of the root. */
    public Path root() {
        return disk.root();
    }

    // ---- reads ----------------------------------------------------------------------

    public Listing list() {
        return read(c -> new Listing(ChangesTable.head(c),
                FilesTable.all(c).stream().map(IndexEntry::metadata)
                        .sorted(Comparator.comparing(FileMetadata::path)).toList()));
    }

    public Optional<FileMetadata> metadata(RelativePath path) {
        return read(c -> FilesTable.get(c, path)).map(IndexEntry::metadata);
    }

    /** Where {@code path} lives on disk; throws {@link InvalidPathException} for a path through a symlink. */
    public Path locate(RelativePath path) {
        return disk.resolve(path);
    }

    /** The log after {@code since} with the head read in the same snapshot. */
    public ChangesPage changes(long since, int limit) {
        return read(c -> {
            long head = ChangesTable.head(c);
            checkRetained(since, head, ChangesTable.oldest(c));
            return new ChangesPage(head, ChangesTable.after(c, since, limit));
        });
    }

    private static void checkRetained(long since, long head, long oldest) {
        if (since > head || (head > 0 && since < oldest - 1)) {
            throw new ChangesExpiredException(since, oldest);
        }
    }

    /** Kept versions, newest first: of {@code path}, or of every path (deleted ones too) when empty. */
    public List<VersionInfo> versions(Optional<RelativePath> path) {
        return read(c -> VersionsTable.list(c, path)).stream().map(VersionsTable.Row::info).toList();
    }

    public Optional<VersionContent> version(String id) {
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return read(c -> VersionsTable.get(c, number)).map(r -> new VersionContent(r.info(), versions.blob(r.blob())));
    }

    // ---- writes ---------------------------------------------------------------------

    /** Stores {@code body} as the content of {@code path}; {@code maxBytes} 0 means no limit. */
    public PutResult put(RelativePath path, InputStream body, long maxBytes, Precondition precondition, String source)
            throws IOException {
        return put(path, Body.of(body, Disk.BUFFER), maxBytes, precondition, source);
    }

    /** As {@link #put(RelativePath, InputStream, long, Precondition, String)}, from the body's own buffers. */
    public PutResult put(RelativePath path, Body body, long maxBytes, Precondition precondition, String source)
            throws IOException {
        disk.resolve(path);
        if (precondition.isConditional()) {
            Optional<IndexEntry> current = read(c -> FilesTable.get(c, path));
            precondition.check(current, path.value());
        }
        Disk.TempFile content = disk.receive(body, maxBytes, true);
        try {
            return tree.install(path, content, precondition, source);
        } finally {
            content.delete();
        }
    }

    /**
     * Stores every file of an upload batch. Each file is received to a temp file unforced,
     * then all of them are made durable together, then each is installed as a write of its
     * own ({@link #put}'s checks, its own changes and seqs, failing alone), queued together
     * so they share commits. A malformed batch, an invalid or repeated path or a file over
     * {@code maxBytes} (0: no limit) fails the whole call before anything is installed.
     */
    public List<PutOutcome> putAll(FileBatch.Reader batch, long maxBytes, String source) throws IOException {
        List<Disk.TempFile> received = new ArrayList<>();
        long started = System.nanoTime();
        try {
            List<TreeWriter.Install> installs = new ArrayList<>();
            Set<RelativePath> seen = new HashSet<>();
            for (Optional<FileBatch.UploadPart> next; (next = batch.nextUpload()).isPresent(); ) {
                FileBatch.UploadPart part = next.get();
                if (!seen.add(part.path())) {
                    throw new ProtocolException(part.path() + " is sent twice in one batch");
                }
                if (maxBytes > 0 && part.size() > maxBytes) {
                    throw StoreException.tooLarge(part.path() + " is larger than the limit of " + maxBytes + " bytes");
                }
                disk.resolve(part.path());
                Disk.TempFile content = disk.receive(batch.content(), maxBytes, false);
                received.add(content);
                installs.add(new TreeWriter.Install(part.path(), content, precondition(part)));
            }
            long receivedAt = System.nanoTime();
            disk.flush(received, fileSystem);
            long flushedAt = System.nanoTime();
            List<? extends Writer.Result<PutResult>> results = tree.installAll(installs, source);
            if (LOG.isDebugEnabled()) {
                LOG.debug("Batch of {} files: received in {} µs, made durable in {} µs, installed in {} µs",
                        installs.size(), (receivedAt - started) / 1000, (flushedAt - receivedAt) / 1000,
                        (System.nanoTime() - flushedAt) / 1000);
            }
            List<PutOutcome> outcomes = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                RelativePath path = installs.get(i).path();
                try {
                    outcomes.add(new PutOutcome.Stored(path, results.get(i).get()));
                } catch (IOException | RuntimeException e) {
                    outcomes.add(new PutOutcome.Failed(path, e));
                }
            }
            return outcomes;
        } finally {
            received.forEach(Disk.TempFile::delete);
        }
    }

    private static Precondition precondition(FileBatch.UploadPart part) {
        if (part.createOnly()) {
            return new Precondition(null, true);
        }
        return part.ifMatch().map(hash -> new Precondition(List.of(hash), false)).orElse(Precondition.NONE);
    }

    public Change delete(RelativePath path, Precondition precondition, String source) throws IOException {
        return tree.delete(path, precondition, source);
    }

    public PutResult mkdir(RelativePath path, String source) throws IOException {
        return tree.mkdir(path, source);
    }

    /** Renames a file or folder; the result holds the entry at its new path. */
    public PutResult move(RelativePath from, RelativePath to, String source) throws IOException {
        return tree.move(from, to, source);
    }

    /** Makes version {@code id} of {@code path} its current content again; the current content is kept first. */
    public PutResult restore(RelativePath path, String id, String source) throws IOException {
        VersionContent version = version(id).filter(v -> v.info().path().equals(path))
                .orElseThrow(() -> StoreException.notFound("no version " + id + " of " + path));
        Disk.TempFile content;
        try (InputStream in = Files.newInputStream(version.file())) {
            content = disk.receive(in, 0);
        }
        try {
            if (!content.sha256().equals(version.info().hash())) {
                throw new IOException("kept version " + id + " is damaged (hash mismatch)");
            }
            return tree.install(path, content, Precondition.NONE, source);
        } finally {
            content.delete();
        }
    }

    // ---- disk edits and housekeeping --------------------------------------------------

    /** Commits whatever changed on disk anywhere under the root. */
    public int reconcileAll() throws IOException {
        return reconciler.reconcile(Optional.empty());
    }

    /** Commits whatever changed on disk at or below {@code path}. */
    public int reconcile(RelativePath path) throws IOException {
        return reconciler.reconcile(Optional.of(path));
    }

    /** Applies retention to the change log and to kept versions. */
    public void maintain() throws IOException {
        writer.write(tx -> {
            long maxSeq = tx.head() - options.changeLogMaxEntries();
            int pruned = ChangesTable.prune(tx.connection(), maxSeq, tx.nowMillis() - options.changeLogMaxAge().toMillis());
            if (pruned > 0) {
                LOG.info("pruned {} changes from the log of {}", pruned, disk.root());
            }
            versions.prune(tx);
            return null;
        });
    }

    // ---- ChangeFeed -----------------------------------------------------------------

    @Override
    public long head() {
        return writer.head();
    }

    @Override
    public List<Change> changesAfter(long since, int limit) {
        return changes(since, limit).changes();
    }

    @Override
    public List<LoggedChange> loggedAfter(long since, int limit) {
        return read(c -> {
            checkRetained(since, ChangesTable.head(c), ChangesTable.oldest(c));
            return ChangesTable.loggedAfter(c, since, limit);
        });
    }

    @Override
    public AutoCloseable subscribe(Consumer<Change> listener) {
        return writer.subscribe(listener);
    }

    @Override
    public Optional<byte[]> content(FileMetadata file, int maxBytes) {
        if (file.isDirectory() || file.size() > maxBytes || !file.hasSha256()) {
            return Optional.empty();
        }
        return disk.contentIf(file.path(), (int) file.size(), file.hash());
    }

    @Override
    public Optional<Change> submit(Operation operation, String sourceClient) {
        try {
            return switch (operation) {
                case Operation.Create c -> submitEntry(c.metadata(), sourceClient);
                case Operation.Update u -> submitEntry(u.metadata(), sourceClient);
                case Operation.Delete d -> Optional.of(delete(d.path(), Precondition.NONE, sourceClient));
                case Operation.Move m -> submitMove(m, sourceClient);
            };
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NOT_FOUND && operation instanceof Operation.Delete) {
                return Optional.empty();
            }
            throw new OperationRejectedException(e.getMessage());
        } catch (InvalidPathException e) {
            throw new OperationRejectedException(e.getMessage());
        } catch (IOException e) {
            LOG.warn("cannot apply {} from {}: {}", operation, sourceClient, e.toString());
            throw new OperationRejectedException("could not apply the operation: " + e.getMessage());
        }
    }

    private Optional<Change> submitEntry(FileMetadata m, String source) throws IOException {
        if (m.isDirectory()) {
            return mkdir(m.path(), source).change();
        }
        Optional<FileMetadata> current = metadata(m.path());
        if (current.isPresent() && !current.get().isDirectory() && current.get().hash().equals(m.hash())) {
            return Optional.empty();
        }
        throw new OperationRejectedException(m.path() + ": content with hash " + m.hash()
                + " is not on the server; upload it with PUT /api/files/" + m.path() + " first");
    }

    private Optional<Change> submitMove(Operation.Move m, String source) throws IOException {
        if (metadata(m.from()).isEmpty() && metadata(m.to()).isPresent()) {
            return Optional.empty();
        }
        return move(m.from(), m.to(), source).change();
    }

    /** This store as the hub sees it: itself, or a read-only view when the handler forbids uploads. */
    public ChangeFeed feed(boolean writable) {
        return writable ? this : new ReadOnlyFeed(this);
    }

    @Override
    public void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException("cannot close the index of " + disk.root(), e);
        }
    }

    private <T> T read(Database.SqlWork<T> work) {
        try {
            return db.read(work);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("database error: " + e.getMessage(), e));
        }
    }
}
