package dev.quantum.client.sync;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Action;
import dev.quantum.core.reconcile.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends local files to the server, one per request or {@linkplain #all many per request},
 * with the same checks either way: the file must still be as scanned when it is sent and
 * unchanged after, and the server must have stored exactly the bytes sent; what it stored
 * becomes the base. Thread-safe: transfer threads upload different paths concurrently.
 */
final class Uploads {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");

    private final LocalTree local;
    private final RemoteServer remote;
    private final Base base;
    private final NavigableMap<RelativePath, LocalEntry> cache;
    private final BaseRecorder recorder;

    Uploads(LocalTree local, RemoteServer remote, Base base, NavigableMap<RelativePath, LocalEntry> cache,
            BaseRecorder recorder) {
        this.local = local;
        this.remote = remote;
        this.base = base;
        this.cache = cache;
        this.recorder = recorder;
    }

    /** A file found as planned and scanned just before it is sent: what it was then. */
    private record Sending(Action.Upload action, LocalEntry scanned, Path file, BasicFileAttributes before, long started) {

        RemoteServer.Upload upload() {
            return new RemoteServer.Upload(action.path(), file, action.expectedRemote().map(Entry::hash));
        }
    }

    /**
     * Sends one file in its own request and records what the server stored.
     *
     * @throws LocalChangedException when the file is not as planned, or changed while it was sent
     * @throws IOException when the server stored other bytes than those sent
     */
    void one(Action.Upload upload, Outcome outcome, boolean quiet) throws RemoteException, IOException {
        Sending sending = check(upload);
        RemoteServer.Upload u = sending.upload();
        stored(sending, remote.upload(u.path(), u.file(), u.replacing()), outcome, quiet);
    }

    /**
     * Sends {@code uploads} in one batch and records what the server stored for each; a path
     * that fails lands in {@code outcome} alone, as with {@link #one}. Each path is counted in
     * {@code progress} once.
     *
     * @throws RemoteException.Unavailable when the server cannot be reached: the run ends
     */
    void all(List<Action.Upload> uploads, Outcome outcome, Progress progress, boolean quiet)
            throws RemoteException.Unavailable {
        List<Sending> sending = new ArrayList<>(uploads.size());
        for (Action.Upload u : uploads) {
            if (!PlanExecutor.attempt(u, outcome, () -> sending.add(check(u)))) {
                progress.step();
            }
        }
        if (sending.isEmpty()) {
            return;
        }
        List<Answer<RemoteServer.Uploaded>> answers = remote.uploadAll(sending.stream().map(Sending::upload).toList());
        if (answers.size() != sending.size()) {
            throw new IllegalStateException(answers.size() + " answers to a batch of " + sending.size() + " uploads");
        }
        for (int i = 0; i < sending.size(); i++) {
            Sending s = sending.get(i);
            Answer<RemoteServer.Uploaded> answer = answers.get(i);
            if (PlanExecutor.attempt(s.action(), outcome, () -> stored(s, answer.get(), outcome, quiet))) {
                outcome.applied(s.action().path());
            }
            progress.step();
        }
    }

    /** The file to send, which must still be as planned and as scanned. */
    private Sending check(Action.Upload upload) throws IOException {
        RelativePath path = upload.path();
        LocalEntry scanned = cache.get(path);
        if (scanned == null || !scanned.entry().equals(upload.entry())) {
            throw new LocalChangedException(path, "changed since the plan was made");
        }
        long started = System.nanoTime();
        Path file = local.file(path);
        BasicFileAttributes before = attributes(path, file);
        if (!scanned.sameStat(before.size(), before.lastModifiedTime().to(TimeUnit.NANOSECONDS))) {
            throw new LocalChangedException(path, "changed since it was scanned");
        }
        return new Sending(upload, scanned, file, before, started);
    }

    /**
     * Records what the server stored for a file sent: the write as ours, then, when it stored
     * exactly the bytes sent, the stored entry as the base. A file that changed while it was
     * sent is recorded as not matching the base (so its next scan hashes and compares it).
     */
    private void stored(Sending sending, RemoteServer.Uploaded uploaded, Outcome outcome, boolean quiet) throws IOException {
        RelativePath path = sending.action().path();
        FileMetadata stored = uploaded.metadata();
        outcome.ownWrite(uploaded.committed(), new Operation.Update(stored));
        if (!uploaded.sent().equals(stored.hash())) {
            throw new IOException("the server stored content hashing to " + stored.hash()
                    + ", but what was sent hashes to " + uploaded.sent());
        }
        boolean unchanged = sameFile(sending.before(), sending.file());
        LocalEntry agreed = new LocalEntry(Entry.of(stored), unchanged ? sending.scanned().modifiedNanos() : -1);
        base.remember(path, agreed);
        recorder.record(path);
        if (!unchanged) {
            throw new LocalChangedException(path, "changed while it was being uploaded");
        }
        if (!sending.action().entry().isHashed()) {
            cache.replace(path, sending.scanned(), agreed);
        }
        PlanExecutor.log(quiet, "Uploaded {} ({} bytes)", path, stored.size());
        LOG.debug("Upload of {} took {} µs", path, (System.nanoTime() - sending.started()) / 1000);
    }

    private static BasicFileAttributes attributes(RelativePath path, Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new LocalChangedException(path, "vanished before it could be uploaded");
        }
    }

    /** True when {@code file} is still the file seen {@code before}: same identity, size and time. */
    private static boolean sameFile(BasicFileAttributes before, Path file) throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        return before.size() == now.size() && before.lastModifiedTime().equals(now.lastModifiedTime())
                && Objects.equals(before.fileKey(), now.fileKey());
    }
}
