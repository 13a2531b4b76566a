package dev.quantum.client.sync;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Action;
import dev.quantum.core.reconcile.ConflictNames;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Plan} against the disk and the server, recording every success in
 * the base (and the local cache) as it happens, so a stop at any point loses nothing and
 * repeats nothing. Runs of transfers go in parallel on the transfer pool; everything else
 * runs in plan order on the caller's thread. Transfers record their base entries in
 * memory at once and in the store in one transaction per {@value #RECORD_BATCH} (and at
 * the end of each run of transfers): a stop in between leaves paths whose two sides are
 * equal and unrecorded, which the next comparison records without transferring anything. Per-path failures land in the
 * {@link Outcome}; only an unreachable server ends the run early.
 */
final class PlanExecutor {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");

    private final LocalTree local;
    private final RemoteServer remote;
    private final Base base;
    private final NavigableMap<RelativePath, LocalEntry> cache;
    private final Clock clock;
    private final String clientId;
    private final ExecutorService transfers;
    private final BaseRecorder recorder;
    private final Downloads downloads;

    PlanExecutor(LocalTree local, RemoteServer remote, Base base, NavigableMap<RelativePath, LocalEntry> cache,
                 Function<RelativePath, Optional<Instant>> remoteModified, Clock clock, String clientId,
                 ExecutorService transfers) {
        this.local = local;
        this.remote = remote;
        this.base = base;
        this.cache = cache;
        this.clock = clock;
        this.clientId = clientId;
        this.transfers = transfers;
        this.recorder = new BaseRecorder(base);
        this.downloads = new Downloads(local, remote, base, cache, remoteModified, clock, recorder);
    }

    /** Runs {@code plan}; {@code quiet} logs each action at debug level instead of info (for big batches). */
    Outcome run(Plan plan, Progress progress, boolean quiet) throws RemoteException.Unavailable, InterruptedException {
        Outcome outcome = new Outcome();
        List<Action> actions = plan.actions();
        int i = 0;
        while (i < actions.size()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("stopping");
            }
            try {
                if (isTransfer(actions.get(i))) {
                    int end = i;
                    while (end < actions.size() && isTransfer(actions.get(end))) {
                        end++;
                    }
                    inParallel(actions.subList(i, end), outcome, progress, quiet);
                    i = end;
                } else {
                    runOne(actions.get(i), outcome, quiet);
                    if (actions.get(i) instanceof Action.KeepBoth) {
                        progress.step();
                    }
                    i++;
                }
            } finally {
                recorder.flush();
            }
        }
        return outcome;
    }

    private void inParallel(List<Action> batch, Outcome outcome, Progress progress, boolean quiet)
            throws RemoteException.Unavailable, InterruptedException {
        if (batch.size() == 1) {
            runOne(batch.getFirst(), outcome, quiet);
            progress.step();
            return;
        }
        int downloadCount = (int) batch.stream().filter(a -> a instanceof Action.Download).count();
        Downloads.Group group = downloads.groupable(downloadCount) ? downloads.group(outcome, progress, quiet) : null;
        List<Future<?>> running = new ArrayList<>(batch.size());
        for (Action action : batch) {
            running.add(transfers.submit(() -> {
                if (group != null && action instanceof Action.Download d) {
                    if (!attempt(d, outcome, () -> group.fetch(d))) {
                        progress.step();
                    }
                } else {
                    runOne(action, outcome, quiet);
                    progress.step();
                }
                return null;
            }));
        }
        try {
            if (group != null) {
                group.placeUntil(() -> running.stream().allMatch(Future::isDone));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RemoteException.Unavailable u) {
                throw u;
            }
            throw new IllegalStateException("transfer failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            throw e;
        } finally {
            if (group != null) {
                group.discard();
            }
        }
    }

    private void runOne(Action action, Outcome outcome, boolean quiet) throws RemoteException.Unavailable {
        if (attempt(action, outcome, () -> apply(action, outcome, quiet))) {
            outcome.applied(action.path());
        }
    }

    /** One step of carrying out an action. */
    interface Step {
        void run() throws RemoteException, IOException;
    }

    /** A step that only touches the disk. */
    interface LocalStep {
        void run() throws IOException;
    }

    /** {@link #attempt(Action, Outcome, Step)} for a step that cannot reach the server. */
    static boolean attemptLocally(Action action, Outcome outcome, LocalStep step) {
        try {
            return attempt(action, outcome, (Step) step::run);
        } catch (RemoteException.Unavailable e) {
            throw new AssertionError("a local step reached the server", e);
        }
    }

    /**
     * Runs {@code step} of {@code action}; a failure about its path lands in {@code outcome}
     * (as a problem, or as a side that changed under the plan) and gives false.
     *
     * @throws RemoteException.Unavailable when the server cannot be reached: the run ends
     */
    static boolean attempt(Action action, Outcome outcome, Step step) throws RemoteException.Unavailable {
        try {
            step.run();
            return true;
        } catch (RemoteException e) {
            switch (e) {
                case RemoteException.Unavailable u -> throw u;
                case RemoteException.Stale s -> remoteChanged(action, outcome, s);
                case RemoteException.Expired x -> remoteChanged(action, outcome, x);
                case RemoteException.Rejected r -> outcome.problem(action.path(), r.getMessage());
            }
        } catch (LocalChangedException e) {
            LOG.debug("{} changed on disk meanwhile: {}", action.path(), e.getMessage());
            outcome.localChanged(action.path());
        } catch (ContentMismatchException e) {
            LOG.debug("{} changed on the server during the download: {}", action.path(), e.getMessage());
            outcome.remoteChanged(action.path());
        } catch (IOException e) {
            outcome.problem(action.path(), e.getMessage());
        }
        return false;
    }

    private static void remoteChanged(Action action, Outcome outcome, RemoteException e) {
        LOG.debug("{} changed on the server meanwhile: {}", action.path(), e.getMessage());
        outcome.remoteChanged(action.path());
        if (action instanceof Action.MoveRemote m) {
            outcome.remoteChanged(m.to());
        }
    }

    private void apply(Action action, Outcome outcome, boolean quiet) throws RemoteException, IOException {
        switch (action) {
            case Action.Upload u -> upload(u.path(), u.entry(), u.expectedRemote(), outcome, quiet);
            case Action.Download d -> downloads.one(d, d.path(), d.entry(), d.expectedLocal(), quiet);
            case Action.MkdirLocal m -> mkdirLocal(m.path(), quiet);
            case Action.MkdirRemote m -> {
                Committed committed = remote.mkdir(m.path());
                outcome.ownWrite(committed, new Operation.Create(FileMetadata.directory(m.path(), Instant.EPOCH)));
                base.put(m.path(), LocalEntry.directory());
                log(quiet, "Created folder {} on the server", m.path());
            }
            case Action.DeleteLocal d -> deleteLocal(d, quiet);
            case Action.DeleteRemote d -> {
                Committed committed = remote.delete(d.path(),
                        d.expected().isFile() ? Optional.of(d.expected().hash()) : Optional.empty());
                outcome.ownWrite(committed, new Operation.Delete(d.path()));
                base.remove(d.path());
                log(quiet, "Deleted {} on the server", d.path());
            }
            case Action.MoveLocal m -> {
                local.move(m.from(), m.to());
                moveCache(m.from(), m.to());
                base.move(m.from(), m.to());
                log(quiet, "Moved {} to {} (as on the server)", m.from(), m.to());
            }
            case Action.MoveRemote m -> {
                Committed committed = remote.move(m.from(), m.to());
                outcome.ownWrite(committed, new Operation.Move(m.from(), m.to()));
                base.move(m.from(), m.to());
                log(quiet, "Moved {} to {} on the server", m.from(), m.to());
            }
            case Action.KeepBoth k -> keepBoth(k, outcome, quiet);
            case Action.InSync s -> {
                if (s.entry().isPresent()) {
                    LocalEntry known = cache.get(s.path());
                    base.put(s.path(), s.entry().get(), known == null ? 0 : known.modifiedNanos());
                } else {
                    base.remove(s.path());
                }
            }
        }
    }

    /**
     * Sends the local file, which must still be as scanned, and records what the server stored
     * as the base. The bytes are hashed as they are sent; the server must have stored exactly
     * that content, and the file must be unchanged (size, time and identity) after the send,
     * else the upload fails: a server that stored other content is a problem, and a file that
     * changed is recorded as not matching the base (so its next scan hashes and compares it).
     */
    private void upload(RelativePath path, Entry entry, Optional<Entry> replacing, Outcome outcome, boolean quiet)
            throws RemoteException, IOException {
        LocalEntry scanned = cache.get(path);
        if (scanned == null || !scanned.entry().equals(entry)) {
            throw new LocalChangedException(path, "changed since the plan was made");
        }
        long started = System.nanoTime();
        Path file = local.file(path);
        BasicFileAttributes before = attributes(path, file);
        if (!scanned.sameStat(before.size(), before.lastModifiedTime().to(TimeUnit.NANOSECONDS))) {
            throw new LocalChangedException(path, "changed since it was scanned");
        }
        RemoteServer.Uploaded uploaded = remote.upload(path, file, replacing.map(Entry::hash));
        FileMetadata stored = uploaded.metadata();
        outcome.ownWrite(uploaded.committed(), new Operation.Update(stored));
        if (!uploaded.sent().equals(stored.hash())) {
            throw new IOException("the server stored content hashing to " + stored.hash()
                    + ", but what was sent hashes to " + uploaded.sent());
        }
        boolean unchanged = sameFile(before, file);
        LocalEntry agreed = new LocalEntry(Entry.of(stored), unchanged ? scanned.modifiedNanos() : -1);
        base.remember(path, agreed);
        recorder.record(path);
        if (!unchanged) {
            throw new LocalChangedException(path, "changed while it was being uploaded");
        }
        if (!entry.isHashed()) {
            cache.replace(path, scanned, agreed);
        }
        log(quiet, "Uploaded {} ({} bytes)", path, stored.size());
        LOG.debug("Upload of {} took {} µs", path, (System.nanoTime() - started) / 1000);
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

    private void mkdirLocal(RelativePath path, boolean quiet) throws IOException {
        local.mkdir(path);
        cache.put(path, LocalEntry.directory());
        base.put(path, LocalEntry.directory());
        log(quiet, "Created folder {}", path);
    }

    private void deleteLocal(Action.DeleteLocal d, boolean quiet) throws IOException {
        LocalEntry known = cache.get(d.path());
        if (known == null || !known.entry().equals(d.expected())) {
            throw new LocalChangedException(d.path(), "changed since the plan was made");
        }
        local.delete(d.path(), known);
        Base.removeWithin(cache, d.path());
        base.remove(d.path());
        log(quiet, "Deleted {} (deleted on the server)", d.path());
    }

    private void keepBoth(Action.KeepBoth k, Outcome outcome, boolean quiet) throws RemoteException, IOException {
        RelativePath copy = freeConflictName(k.path());
        LocalEntry mine = cache.get(k.path());
        local.move(k.path(), copy);
        moveCache(k.path(), copy);
        base.remove(k.path());
        LOG.warn("Conflict: {} changed on both sides; the server's version wins and the local one is kept as {}", k.path(), copy);
        if (k.local().isFile() && mine != null) {
            RemoteServer.Uploaded uploaded = remote.upload(copy, local.file(copy), Optional.empty());
            outcome.ownWrite(uploaded.committed(), new Operation.Update(uploaded.metadata()));
            boolean asSent = uploaded.sent().equals(uploaded.metadata().hash());
            base.put(copy, Entry.of(uploaded.metadata()), asSent ? mine.modifiedNanos() : -1);
        } else {
            outcome.rescan(copy);
        }
        if (k.remote().isFile()) {
            downloads.one(k, k.path(), k.remote(), Optional.empty(), quiet);
        } else {
            mkdirLocal(k.path(), quiet);
        }
    }

    private RelativePath freeConflictName(RelativePath path) throws IOException {
        Instant at = clock.instant();
        for (int i = 0; i < 100; i++) {
            RelativePath candidate = ConflictNames.path(path, at.plusSeconds(i), clientId);
            if (!cache.containsKey(candidate) && local.stat(candidate, Optional.empty()).isEmpty()) {
                return candidate;
            }
        }
        throw new IOException("no free conflict name for " + path);
    }

    private void moveCache(RelativePath from, RelativePath to) {
        Base.removeWithin(cache, to);
        Base.removeWithin(cache, from).forEach((p, e) -> cache.put(p.rebase(from, to), e));
    }

    private static boolean isTransfer(Action action) {
        return action instanceof Action.Upload || action instanceof Action.Download;
    }

    static void log(boolean quiet, String format, Object... args) {
        if (quiet) {
            LOG.debug(format, args);
        } else {
            LOG.info(format, args);
        }
    }
}
