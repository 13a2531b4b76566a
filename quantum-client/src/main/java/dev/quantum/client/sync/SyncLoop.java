package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Plan;
import dev.quantum.core.reconcile.Problem;
import dev.quantum.core.reconcile.Reconciler;
import dev.quantum.core.reconcile.Tree;
import dev.quantum.protocol.Message;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one folder identical to the server's root. Each pass reads top to bottom:
 * trigger (watcher, push, timer) → scan → fetch remote → plan → execute → record base →
 * persist. {@link #firstPass} compares everything once; {@link #run} then passes over
 * whatever the triggers name until {@link #stop}.
 *
 * <p>Threading: the pass runs on the thread that calls {@link #firstPass} and {@link #run};
 * the watcher, the push channel and {@link #stop} only record and wake it.
 */
public final class SyncLoop implements PushEvents {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");
    private static final int QUIET_ABOVE = 20;
    private static final int MAX_ATTEMPTS = 3;

    private final SyncSettings settings;
    private final StateStore store;
    private final Clock clock;
    private final Progress.Factory progress;
    private final Base base;
    private final LocalState local;
    private final RemoteState remote;
    private final Safety safety;
    private final ProblemLog problems;
    private final PlanExecutor executor;
    private final WatchAggregator aggregator;
    private final Wakeup wakeup;
    private final ConcurrentLinkedQueue<Message.FileOperation> pushed = new ConcurrentLinkedQueue<>();
    private final Set<RelativePath> replan = new TreeSet<>();
    private final Set<Path> rescan = new java.util.HashSet<>();
    private final java.util.Map<RelativePath, Integer> attempts = new java.util.HashMap<>();
    private volatile boolean subscribed;
    private volatile boolean resubscribed;
    private volatile boolean stopping;
    private boolean offline;
    private boolean everything;
    private Instant nextPoll;
    private Instant nextRescan;

    public SyncLoop(SyncSettings settings, LocalTree localTree, RemoteServer server, StateStore store, Clock clock,
                    Progress.Factory progress, ExecutorService transfers) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.progress = progress;
        this.base = new Base(store);
        this.local = new LocalState(localTree, base);
        this.remote = new RemoteState(server);
        this.safety = new Safety(localTree, settings);
        this.problems = new ProblemLog(store);
        this.executor = new PlanExecutor(localTree, server, base, local.cache(), clock, settings.clientId(), transfers);
        this.aggregator = new WatchAggregator(clock, settings.watchDelay(), settings.watchMaxDelay());
        this.wakeup = new Wakeup(clock);
        this.nextPoll = clock.instant().plus(settings.interval());
        this.nextRescan = clock.instant().plus(settings.rescanInterval());
        localTree.cleanTemp();
    }

    /** Where the watcher reports file events. */
    public WatchAggregator aggregator() {
        return aggregator;
    }

    /** Wakes the loop (after recording something for it). */
    public void wake() {
        wakeup.signal();
    }

    /** The server change log position reached; the push channel subscribes from here. */
    public long seq() {
        return remote.seq();
    }

    /**
     * The first pass: scans everything, takes a full listing (or, resuming, the changes
     * since the last run), and reconciles everything.
     *
     * @return what could not be synced, and how many server deletes are held back
     * @throws RemoteException.Unavailable when the server cannot be reached
     */
    public Report firstPass() throws RemoteException.Unavailable, InterruptedException {
        safety.requireMarker();
        everything = true;
        boolean rulesChanged = local.loadRules() || !store.ignoreText().orElse("").equals(local.rules().text());
        List<Problem> found = new ArrayList<>();
        local.scan(ScanRequest.everything(), found);
        safety.requireNotSuddenlyEmpty(local.isEmpty(), base.fileCount());
        long lastSeq = store.lastSeq();
        if (settings.initialSync() || lastSeq == 0 || !problems.isEmpty() || rulesChanged) {
            remote.requireListing();
        } else {
            remote.resumeFrom(base.entries(), lastSeq);
        }
        try {
            remote.refresh(List.of());
            pass(found, Set.of());
        } catch (RemoteException.Unavailable e) {
            goOffline(e);
            throw e;
        }
        store.saveIgnoreText(local.rules().text());
        return report();
    }

    /** Passes over whatever the triggers name until {@link #stop()}; returns normally only when stopped. */
    public void run() throws InterruptedException {
        while (!stopping) {
            Instant now = clock.instant();
            Trigger trigger = collect(now);
            if (trigger.isEmpty() && !everything) {
                wakeup.await(nextDeadline());
                continue;
            }
            try {
                pass(trigger);
                if (offline) {
                    LOG.info("Server reachable again; in sync");
                    offline = false;
                }
            } catch (RemoteException.Unavailable e) {
                goOffline(e);
            }
        }
    }

    /** Asks the loop to finish its current step and return. */
    public void stop() {
        stopping = true;
        wakeup.signal();
    }

    /** What still needs attention. */
    public Report report() {
        return new Report(problems.all(), safety.heldDeletes());
    }

    /** Paths not synced (with reasons) and server deletes held back by the mass-delete guard. Immutable. */
    public record Report(java.util.Map<RelativePath, String> problems, long heldDeletes) {
        public boolean clean() {
            return problems.isEmpty() && heldDeletes == 0;
        }
    }

    // ---- triggers ----------------------------------------------------------------------

    /** What woke the loop: folders to scan, pushed changes, a poll of the log, paths to retry. */
    private record Trigger(ScanRequest scan, List<Message.FileOperation> pushed, boolean poll, Set<RelativePath> retry) {
        boolean isEmpty() {
            return scan.isEmpty() && pushed.isEmpty() && !poll && retry.isEmpty();
        }
    }

    private Trigger collect(Instant now) {
        ScanRequest scan = aggregator.takeIfDue().orElse(new ScanRequest(false, Set.of(), Set.of()));
        Set<RelativePath> retry = new TreeSet<>(replan);
        replan.clear();
        if (!rescan.isEmpty()) {
            scan = merge(scan, new ScanRequest(false, rescan, Set.of()));
            rescan.clear();
        }
        if (!now.isBefore(nextRescan)) {
            scan = ScanRequest.everything();
            retry.addAll(problems.paths());
            nextRescan = now.plus(settings.rescanInterval());
        }
        boolean poll = resubscribed || (!subscribed && !now.isBefore(nextPoll));
        if (poll) {
            resubscribed = false;
            nextPoll = now.plus(settings.interval());
            retry.addAll(problems.paths());
        }
        List<Message.FileOperation> ops = new ArrayList<>();
        for (Message.FileOperation op; (op = pushed.poll()) != null; ) {
            ops.add(op);
        }
        return new Trigger(scan, ops, poll, retry);
    }

    private Optional<Instant> nextDeadline() {
        Stream<Instant> deadlines = Stream.of(aggregator.dueAt(), Optional.of(nextRescan),
                        subscribed ? Optional.<Instant>empty() : Optional.of(nextPoll))
                .flatMap(Optional::stream);
        return deadlines.min(Instant::compareTo);
    }

    // ---- one pass ----------------------------------------------------------------------

    private void pass(Trigger trigger) throws RemoteException.Unavailable, InterruptedException {
        safety.requireMarker();
        List<Problem> found = new ArrayList<>();
        Set<RelativePath> scope = new TreeSet<>(trigger.retry());
        Set<RelativePath> localChanges = local.scan(trigger.scan(), found);
        scope.addAll(localChanges);
        if (local.reloadRules(localChanges)) {
            local.scan(ScanRequest.everything(), found);
            remote.requireListing();
        }
        safety.requireNotSuddenlyEmpty(local.isEmpty(), base.fileCount());
        if (trigger.poll()) {
            remote.requireLog();
        }
        Set<RelativePath> remoteChanges = remote.refresh(trigger.pushed());
        if (remoteChanges == null) {
            everything = true;
        } else {
            scope.addAll(remoteChanges);
        }
        pass(found, scope);
    }

    /** Plans {@code scope} (everything when {@link #everything} is set), executes, and persists. */
    private void pass(List<Problem> found, Set<RelativePath> scope) throws RemoteException.Unavailable, InterruptedException {
        if (!everything && scope.isEmpty()) {
            problems.record(found, List.of());
            return;
        }
        Plan plan = safety.limitDeletes(plan(scope), baseTree(), localTree());
        safety.requireMarker();
        Outcome outcome = execute(plan);
        Set<RelativePath> changedMeanwhile = outcome.wroteRemoteFlag() ? readBack() : Set.of();
        found.addAll(plan.problems());
        found.addAll(outcome.problems());
        followUp(outcome, found);
        persist(found, scope);
        if (changedMeanwhile == null) {
            everything = true;
            wakeup.signal();
        } else if (!changedMeanwhile.isEmpty()) {
            replan.addAll(changedMeanwhile);
            wakeup.signal();
        }
    }

    /** Reads our own writes (and anything else that happened meanwhile) back from the server's log. */
    private Set<RelativePath> readBack() throws RemoteException.Unavailable {
        remote.requireLog();
        return remote.refresh(List.of());
    }

    private Plan plan(Set<RelativePath> scope) {
        Tree r = Tree.view(remote.tree().entries(), e -> e, this::visible);
        return everything ? Reconciler.reconcile(baseTree(), localTree(), r) : Reconciler.reconcile(baseTree(), localTree(), r, scope);
    }

    private Tree baseTree() {
        return Tree.view(base.entries(), LocalEntry::entry, this::visible);
    }

    private Tree localTree() {
        return Tree.view(local.cache(), LocalEntry::entry, this::visible);
    }

    private boolean visible(RelativePath path, dev.quantum.core.reconcile.Entry entry) {
        return !local.rules().ignores(path, entry.isDirectory());
    }

    private Outcome execute(Plan plan) throws RemoteException.Unavailable, InterruptedException {
        long transfers = plan.transfers();
        boolean big = transfers > QUIET_ABOVE;
        if (big) {
            LOG.info("Syncing {} files ({} actions)", transfers, plan.actions().size());
        }
        try (Progress bar = big ? progress.start("Syncing", transfers) : Progress.NONE) {
            return executor.run(plan, bar, big);
        }
    }

    /**
     * Paths that changed under the plan are scanned and planned again on the next turn; one
     * that keeps changing becomes a problem, retried with the next poll.
     */
    private void followUp(Outcome outcome, List<Problem> found) {
        outcome.applied().forEach(attempts::remove);
        for (RelativePath path : outcome.replan()) {
            if (attempts.merge(path, 1, Integer::sum) > MAX_ATTEMPTS) {
                attempts.remove(path);
                found.add(new Problem(path, "keeps changing while being synced; will retry"));
                continue;
            }
            replan.add(path);
        }
        for (RelativePath path : outcome.rescan()) {
            rescan.add(Path.of(path.parent().map(RelativePath::value).orElse("")));
        }
        if (!replan.isEmpty() || !rescan.isEmpty()) {
            wakeup.signal();
        }
    }

    private void persist(List<Problem> found, Set<RelativePath> scope) {
        List<RelativePath> covered = everything ? List.copyOf(problems.paths())
                : problems.paths().stream().filter(p -> scope.stream().anyMatch(p::isWithin)).toList();
        problems.record(found, covered);
        store.saveLastSeq(remote.seq());
        everything = false;
    }

    private void goOffline(RemoteException.Unavailable e) {
        if (!offline) {
            LOG.warn("Server unreachable ({}); local changes are kept and sent when it is back", e.getMessage());
        } else {
            LOG.debug("Still offline: {}", e.getMessage());
        }
        offline = true;
        everything = true;
        remote.requireLog();
        nextPoll = clock.instant().plus(settings.interval());
    }

    private static ScanRequest merge(ScanRequest a, ScanRequest b) {
        if (a.full() || b.full()) {
            return ScanRequest.everything();
        }
        Set<Path> shallow = new java.util.HashSet<>(a.shallow());
        shallow.addAll(b.shallow());
        Set<Path> deep = new java.util.HashSet<>(a.deep());
        deep.addAll(b.deep());
        return new ScanRequest(false, shallow, deep);
    }

    // ---- push events (called on the channel's threads) ----------------------------------

    @Override
    public void subscribed(long head) {
        subscribed = true;
        resubscribed = true;
        wakeup.signal();
    }

    @Override
    public void operation(Message.FileOperation operation) {
        pushed.add(operation);
        wakeup.signal();
    }

    @Override
    public void disconnected(String reason, Duration retryIn) {
        subscribed = false;
        wakeup.signal();
    }
}
