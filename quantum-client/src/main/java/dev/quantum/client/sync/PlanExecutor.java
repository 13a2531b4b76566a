package dev.quantum.client.sync;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Action;
import dev.quantum.core.reconcile.ConflictNames;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Plan;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Plan} against the disk and the server, recording every success in
 * the base (and the local cache) as it happens, so a stop at any point loses nothing and
 * repeats nothing. Runs of transfers go in parallel on the transfer pool, small files in
 * {@linkplain Batches batches} (one task, and one request, a batch; each file checked and
 * recorded as if alone); everything else runs in plan order on the caller's thread.
 * Transfers record their base entries in memory at once and in the store in one transaction
 * per {@value BaseRecorder#BATCH} (and at the end of each run of transfers): a stop in between
 * leaves paths whose two sides are equal and unrecorded, which the next comparison records
 * without transferring anything. Per-path failures land in the {@link Outcome}; only an
 * unreachable server ends the run early.
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
    private final Uploads uploads;
    private final int threads;

    PlanExecutor(LocalTree local, RemoteServer remote, Base base, NavigableMap<RelativePath, LocalEntry> cache,
                 Function<RelativePath, Optional<Instant>> remoteModified, Clock clock, String clientId,
                 ExecutorService transfers, int threads, PushedContent pushed) {
        this.local = local;
        this.remote = remote;
        this.base = base;
        this.cache = cache;
        this.clock = clock;
        this.clientId = clientId;
        this.transfers = transfers;
        this.recorder = new BaseRecorder(base);
        this.downloads = new Downloads(local, remote, base, cache, remoteModified, clock, recorder, pushed);
        this.uploads = new Uploads(local, remote, base, cache, recorder);
        this.threads = threads;
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
                    int end = runEnd(actions, i, PlanExecutor::isTransfer);
                    inParallel(actions.subList(i, end), outcome, progress, quiet);
                    i = end;
                } else if (actions.get(i) instanceof Action.MkdirRemote) {
                    int end = runEnd(actions, i, a -> a instanceof Action.MkdirRemote);
                    foldersInParallel(actions.subList(i, end), outcome, quiet);
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

    private static int runEnd(List<Action> actions, int start, java.util.function.Predicate<Action> inRun) {
        int end = start;
        while (end < actions.size() && inRun.test(actions.get(end))) {
            end++;
        }
        return end;
    }

    /**
     * Creates a run of folders on the server, one depth at a time (parents before children, so
     * no request creates a folder another one is about to create, and each says where its one
     * change landed), the folders of a depth concurrently on the transfer pool: the server
     * commits concurrent ones together.
     */
    private void foldersInParallel(List<Action> run, Outcome outcome, boolean quiet)
            throws RemoteException.Unavailable, InterruptedException {
        TreeMap<Integer, List<Action>> byDepth = new TreeMap<>();
        for (Action action : run) {
            byDepth.computeIfAbsent(action.path().segments().size(), d -> new ArrayList<>()).add(action);
        }
        for (List<Action> level : byDepth.values()) {
            List<Future<?>> running = new ArrayList<>(level.size());
            for (Action action : level) {
                running.add(transfers.submit(() -> {
                    runOne(action, outcome, quiet);
                    return null;
                }));
            }
            awaitAll(running);
        }
    }

    private void inParallel(List<Action> run, Outcome outcome, Progress progress, boolean quiet)
            throws RemoteException.Unavailable, InterruptedException {
        if (run.size() == 1) {
            runOne(run.getFirst(), outcome, quiet);
            progress.step();
            return;
        }
        int downloadCount = (int) run.stream().filter(a -> a instanceof Action.Download).count();
        Downloads.Group group = downloads.groupable(downloadCount) ? downloads.group(outcome, progress, quiet) : null;
        List<Future<?>> running = new ArrayList<>();
        for (Callable<Void> task : tasks(run, group, outcome, progress, quiet)) {
            running.add(transfers.submit(task));
        }
        try {
            if (group != null) {
                group.placeUntil(() -> running.stream().allMatch(Future::isDone));
            }
            awaitAll(running);
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            throw e;
        } finally {
            if (group != null) {
                group.discard();
            }
        }
    }

    /** Waits for every task; when one fails (the server became unreachable) the others are cancelled. */
    private static void awaitAll(List<Future<?>> running) throws RemoteException.Unavailable, InterruptedException {
        try {
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
        }
    }

    /**
     * A run of transfers as tasks for the pool: each big file (and each small one when there
     * are too few to batch) on its own, then the small files {@linkplain Batches in batches},
     * one task a batch; downloads whose bytes the server pushed are installed from them, in
     * batches of their own that make no request.
     */
    private List<Callable<Void>> tasks(List<Action> run, Downloads.Group group, Outcome outcome, Progress progress,
                                       boolean quiet) {
        List<Action> single = new ArrayList<>();
        List<Action.Upload> smallUploads = new ArrayList<>();
        List<Action.Download> smallDownloads = new ArrayList<>();
        List<Action.Download> pushedDownloads = new ArrayList<>();
        for (Action action : run) {
            if (action instanceof Action.Upload u && Batches.small(u.entry().size())) {
                smallUploads.add(u);
            } else if (action instanceof Action.Download d && downloads.pushed(d.path(), d.entry())) {
                pushedDownloads.add(d);
            } else if (action instanceof Action.Download d && Batches.small(d.entry().size())) {
                smallDownloads.add(d);
            } else {
                single.add(action);
            }
        }
        List<List<Action.Upload>> uploadBatches = Batches.of(smallUploads, u -> u.entry().size(), threads);
        List<List<Action.Download>> downloadBatches = Batches.of(smallDownloads, d -> d.entry().size(), threads);
        List<List<Action.Download>> pushedBatches = Batches.of(pushedDownloads, d -> d.entry().size(), threads);
        if (uploadBatches.isEmpty()) {
            single.addAll(smallUploads);
        }
        if (downloadBatches.isEmpty()) {
            single.addAll(smallDownloads);
        }
        if (pushedBatches.isEmpty()) {
            single.addAll(pushedDownloads);
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        for (Action action : single) {
            tasks.add(() -> {
                if (action instanceof Action.Download d) {
                    download(d, downloads.source(d.path(), d.entry()), group, outcome, progress, quiet);
                } else {
                    runOne(action, outcome, quiet);
                    progress.step();
                }
                return null;
            });
        }
        for (List<Action.Upload> batch : uploadBatches) {
            tasks.add(() -> {
                uploads.all(batch, outcome, progress, quiet);
                return null;
            });
        }
        for (List<Action.Download> batch : downloadBatches) {
            tasks.add(() -> {
                downloadAll(batch, group, outcome, progress, quiet);
                return null;
            });
        }
        for (List<Action.Download> batch : pushedBatches) {
            tasks.add(() -> {
                for (Action.Download d : batch) {
                    download(d, downloads.source(d.path(), d.entry()), group, outcome, progress, quiet);
                }
                return null;
            });
        }
        return tasks;
    }

    /** Downloads {@code batch} in one request; each file is then carried out as in {@link #download}. */
    private void downloadAll(List<Action.Download> batch, Downloads.Group group, Outcome outcome, Progress progress,
                             boolean quiet) throws RemoteException.Unavailable {
        Map<RelativePath, Action.Download> planned = new HashMap<>();
        batch.forEach(d -> planned.put(d.path(), d));
        remote.downloadAll(batch.stream().map(Action::path).toList(),
                answer -> download(planned.get(answer.path()), answer::get, group, outcome, progress, quiet));
    }

    /**
     * Carries out one download of a run with the content {@code source} gives: staged for the
     * group to place when there is a group, else placed and recorded at once. Its failure lands
     * in {@code outcome}.
     */
    private void download(Action.Download d, Downloads.Source source, Downloads.Group group, Outcome outcome,
                          Progress progress, boolean quiet) throws RemoteException.Unavailable {
        if (group != null) {
            if (!attempt(d, outcome, () -> group.fetch(d, source))) {
                progress.step();
            }
            return;
        }
        if (attempt(d, outcome, () -> downloads.one(d, d.path(), d.entry(), d.expectedLocal(), quiet, source))) {
            outcome.applied(d.path());
        }
        progress.step();
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
            case Action.Upload u -> uploads.one(u, outcome, quiet);
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
