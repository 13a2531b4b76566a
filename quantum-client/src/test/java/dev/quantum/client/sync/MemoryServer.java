package dev.quantum.client.sync;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.ChangesPage;
import dev.quantum.protocol.Message;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A small in-memory file_sync server with the HTTP API's semantics (conditional writes,
 * recursive deletes, a numbered change log that can expire), for testing the sync loop
 * without a network. It can be switched off to play an unreachable server, and it counts
 * transfers so tests can prove that nothing is sent twice. Thread-safe.
 */
final class MemoryServer implements RemoteServer {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private final NavigableMap<RelativePath, byte[]> files = new TreeMap<>();
    private final List<Change> log = new ArrayList<>();
    private long oldestKept = 0;
    private boolean available = true;
    final AtomicInteger uploads = new AtomicInteger();
    final AtomicInteger downloads = new AtomicInteger();
    final AtomicInteger listings = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger logReads = new AtomicInteger();
    /** How many files each batch call carried, in the order they came. */
    final List<Integer> uploadBatches = new CopyOnWriteArrayList<>();
    final List<Integer> downloadBatches = new CopyOnWriteArrayList<>();
    /** Runs on the calling thread when a batch call comes, with its paths, before anything of it is read or stored. */
    private Consumer<List<RelativePath>> beforeBatch = paths -> { };
    /** Runs on the uploading thread after the body was read and before the upload is stored. */
    private Runnable duringUpload = () -> { };
    /** What an upload stores, given the bytes sent (a faulty server or proxy changes them). */
    private UnaryOperator<byte[]> stores = UnaryOperator.identity();

    synchronized void duringUpload(Runnable action) {
        duringUpload = action;
    }

    synchronized void beforeBatch(Consumer<List<RelativePath>> action) {
        beforeBatch = action;
    }

    synchronized void stores(UnaryOperator<byte[]> transform) {
        stores = transform;
    }

    synchronized void available(boolean up) {
        available = up;
    }

    /** Forgets every change up to now: a client behind must take a full listing. */
    synchronized void expireLog() {
        oldestKept = log.size();
    }

    /** Loses everything, log included: a fresh server in the same place. */
    synchronized void wipe() {
        files.clear();
        log.clear();
        oldestKept = 0;
    }

    /** Writes a file as another client would. */
    synchronized void put(String path, String content) {
        store(RelativePath.of(path), content.getBytes(StandardCharsets.UTF_8), "other");
    }

    /** The newest change as the push channel would deliver it; {@code numbered} false leaves its seq out. */
    synchronized Message.FileOperation pushed(boolean numbered) {
        Change last = log.getLast();
        return new Message.FileOperation(last.operation(), last.sourceClient(), numbered ? last.seq() : null);
    }

    /** The newest change as a push that carries {@code content} as the file's bytes (as the server inlines small files). */
    synchronized Message.FileOperation pushedWith(byte[] content) {
        Change last = log.getLast();
        return new Message.FileOperation(last.operation(), last.sourceClient(), last.seq(), content);
    }

    synchronized Optional<String> read(String path) {
        byte[] b = files.get(RelativePath.of(path));
        return b == null || b == DIRECTORY ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
    }

    synchronized Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        files.forEach((p, b) -> out.put(p.value(), b == DIRECTORY ? "dir" : new String(b, StandardCharsets.UTF_8)));
        return out;
    }

    private static final byte[] DIRECTORY = new byte[0];

    @Override
    public synchronized Listing list() throws RemoteException {
        check();
        listings.incrementAndGet();
        List<FileMetadata> out = new ArrayList<>();
        files.forEach((p, b) -> out.add(metadata(p, b)));
        return new Listing(out, log.size());
    }

    @Override
    public synchronized ChangesPage changesSince(long since) throws RemoteException {
        check();
        logReads.incrementAndGet();
        if (since < oldestKept || since > log.size()) {
            throw new RemoteException.Expired("expired");
        }
        return new ChangesPage(log.size(), List.copyOf(log.subList((int) since, log.size())));
    }

    @Override
    public synchronized InputStream download(RelativePath path) throws RemoteException {
        check();
        byte[] b = files.get(path);
        if (b == null || b == DIRECTORY) {
            throw new RemoteException.Stale(path + " is gone");
        }
        downloads.incrementAndGet();
        return new ByteArrayInputStream(b);
    }

    /** As the default, one file after the other (each as {@link #download}), counted as one batch. */
    @Override
    public void downloadAll(List<RelativePath> paths, Receiver receiver) throws RemoteException.Unavailable {
        batchCalled(paths, downloadBatches);
        RemoteServer.super.downloadAll(paths, receiver);
    }

    /** As the default, one file after the other (each as {@link #upload}), counted as one batch. */
    @Override
    public List<Answer<Uploaded>> uploadAll(List<Upload> uploads) throws RemoteException.Unavailable {
        batchCalled(uploads.stream().map(Upload::path).toList(), uploadBatches);
        return RemoteServer.super.uploadAll(uploads);
    }

    private void batchCalled(List<RelativePath> paths, List<Integer> sizes) throws RemoteException.Unavailable {
        Consumer<List<RelativePath>> hook;
        synchronized (this) {
            check();
            hook = beforeBatch;
        }
        sizes.add(paths.size());
        hook.accept(paths);
    }

    @Override
    public synchronized Uploaded upload(RelativePath path, Path file, Optional<String> replacing) throws RemoteException {
        check();
        byte[] current = files.get(path);
        boolean matches = replacing.isEmpty() ? current == null
                : current != null && current != DIRECTORY && hash(current).equals(replacing.get());
        if (!matches) {
            throw new RemoteException.Stale(path + " changed");
        }
        uploads.incrementAndGet();
        int before = log.size();
        try {
            byte[] sent = Files.readAllBytes(file);
            duringUpload.run();
            FileMetadata stored = store(path, stores.apply(sent), "me");
            return new Uploaded(stored, committedSince(before), hash(sent));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Committed delete(RelativePath path, Optional<String> expectedHash) throws RemoteException {
        check();
        byte[] current = files.get(path);
        if (current == null) {
            return Committed.UNKNOWN;
        }
        if (expectedHash.isPresent() && (current == DIRECTORY || !hash(current).equals(expectedHash.get()))) {
            throw new RemoteException.Stale(path + " changed");
        }
        files.keySet().removeIf(p -> p.isWithin(path));
        append(new Operation.Delete(path), "me");
        return new Committed(log.size(), log.size());
    }

    @Override
    public synchronized Committed mkdir(RelativePath path) throws RemoteException {
        check();
        int before = log.size();
        if (files.get(path) != DIRECTORY) {
            parents(path);
            files.put(path, DIRECTORY);
            append(new Operation.Create(metadata(path, DIRECTORY)), "me");
        }
        return committedSince(before);
    }

    @Override
    public synchronized Committed move(RelativePath from, RelativePath to) throws RemoteException {
        check();
        if (!files.containsKey(from) || files.containsKey(to)) {
            throw new RemoteException.Stale("cannot move " + from);
        }
        Map<RelativePath, byte[]> moved = new TreeMap<>();
        files.forEach((p, b) -> {
            if (p.isWithin(from)) {
                moved.put(p.rebase(from, to), b);
            }
        });
        files.keySet().removeIf(p -> p.isWithin(from));
        int before = log.size();
        parents(to);
        files.putAll(moved);
        append(new Operation.Move(from, to), "me");
        return committedSince(before);
    }

    private Committed committedSince(int before) {
        return log.size() > before ? new Committed(before + 1, log.size()) : Committed.UNKNOWN;
    }

    private FileMetadata store(RelativePath path, byte[] content, String source) {
        boolean existed = files.containsKey(path);
        parents(path);
        files.put(path, content);
        FileMetadata m = metadata(path, content);
        append(existed ? new Operation.Update(m) : new Operation.Create(m), source);
        return m;
    }

    private void parents(RelativePath path) {
        for (Optional<RelativePath> p = path.parent(); p.isPresent(); p = p.get().parent()) {
            if (files.putIfAbsent(p.get(), DIRECTORY) == null) {
                append(new Operation.Create(metadata(p.get(), DIRECTORY)), "me");
            }
        }
    }

    private void append(Operation operation, String source) {
        log.add(new Change(log.size() + 1, operation, source));
    }

    private void check() throws RemoteException.Unavailable {
        if (!available) {
            refused.incrementAndGet();
            throw new RemoteException.Unavailable("connection refused (test)", null);
        }
    }

    private static FileMetadata metadata(RelativePath path, byte[] content) {
        return content == DIRECTORY ? FileMetadata.directory(path, T) : FileMetadata.file(path, content.length, T, hash(content));
    }

    static String hash(byte[] content) {
        return Sha256.hex(content);
    }
}
