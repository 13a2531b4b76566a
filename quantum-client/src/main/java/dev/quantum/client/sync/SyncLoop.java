package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Action;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Plan;
import dev.quantum.core.reconcile.Problem;
import dev.quantum.core.reconcile.Reconciler;
import dev.quantum.core.reconcile.Tree;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one folder identical to the server's root. Each pass reads top to bottom:
 * trigger (watcher, push, timer) → scan → fetch remote → plan → execute → record base →
 * persist. {@link #firstPass} compares everything once; {@link #run} then passes over
 * whatever the triggers name until {@link #stop}.
 *
 * <p>Threading: passes run on the thread that calls {@link #firstPass} and {@link #run};
 * the watcher, the push channel and {@link #stop} only record and wake it.
 */
public final class SyncLoop {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");
    private static final int QUIET_ABOVE = 20;
    private static final int MAX_ATTEMPTS = 3;

    private final StateStore store;
    private final Progress.Factory progress;
    private final Base base;
    private final LocalState local;
    private final RemoteState remote;
    private final Safety safety;
    private final ProblemLog problems;
    private final PlanExecutor executor;
    private final Triggers triggers;
    private final PushedContent pushedContent = new PushedContent();
    private final SyncSettings settings;
    private final Clock clock;
    private final Map<RelativePath, Integer> attempts = new HashMap<>();
    private volatile boolean stopping;
    private boolean offline;
    private boolean everything;
    /** When the last pass started and ended executing its plan (System.nanoTime, for the debug timing line). */
    private long executing;
    private long executed;

    public SyncLoop(SyncSettings settings, LocalTree localTree, RemoteServer server, StateStore store, Clock clock,
                    Progress.Factory progress, ExecutorService transfers) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.progress = progress;
        this.base = new Base(store);
        this.local = new LocalState(localTree, base);
        this.remote = new RemoteState(server, settings.clientId(), local.sharing());
        this.safety = new Safety(localTree, settings);
        this.problems = new ProblemLog(store);
        this.executor = new PlanExecutor(localTree, server, base, local.cache(), path -> remote.tree().modified(path),
                clock, settings.clientId(), transfers, settings.transfers(), pushedContent);
        this.triggers = new Triggers(settings, clock);
        localTree.cleanTemp();
    }

    /** Where the watcher reports file events. */
    public WatchAggregator aggregator() {
        return triggers.aggregator();
    }

    /** Where the push channel reports. */
    public PushEvents pushEvents() {
        return triggers;
    }

    /** Wakes the loop (after recording something for it). */
    public void wake() {
        triggers.wake();
    }

    /** The server change log position reached; the push channel subscribes from here. */
    public long seq() {
        return remote.seq();
    }

    /**
     * The first pass: scans everything, takes a full listing (or, resuming, reads the
     * changes since the last run), and reconciles everything.
     *
     * @return what could not be synced, and how many server deletes are held back
     * @throws RemoteException.Unavailable when the server cannot be reached (the loop then retries by itself)
     */
    public Report firstPass() throws RemoteException.Unavailable, InterruptedException {
        safety.requireMarker();
        everything = true;
        local.loadRules();
        boolean rulesChanged = !store.ignoreText().orElse("").equals(local.rules().text());
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
            refreshRemote(List.of());
            pass(found, Set.of());
        } catch (RemoteException.Unavailable e) {
            goOffline(e);
            throw e;
        }
        return report();
    }

    /** Passes over whatever the triggers name until {@link #stop()}. */
    public void run() throws InterruptedException {
        while (!stopping) {
            Triggers.Trigger trigger = triggers.collect(problems::paths);
            if (trigger.isEmpty() && (!everything || offline)) {
                triggers.await();
                continue;
            }
            try {
                pass(trigger);
                if (offline) {
                    LOG.info("Server reachable again; local changes sent");
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
        triggers.wake();
    }

    /** What still needs attention. */
    public Report report() {
        return new Report(problems.all(), safety.heldDeletes());
    }

    /** Paths not synced (with reasons) and server deletes held back by the mass-delete guard. Immutable. */
    public record Report(Map<RelativePath, String> problems, long heldDeletes) {
        public boolean clean() {
            return problems.isEmpty() && heldDeletes == 0;
        }
    }

    // ---- one pass ----------------------------------------------------------------------

    private void pass(Triggers.Trigger trigger) throws RemoteException.Unavailable, InterruptedException {
        long started = System.nanoTime();
        safety.requireMarker();
        List<Problem> found = new ArrayList<>();
        Set<RelativePath> scope = new TreeSet<>(trigger.retry());
        Set<RelativePath> localChanges = local.scan(trigger.scan(), found);
        long scanned = System.nanoTime();
        scope.addAll(localChanges);
        if (local.reloadRules(localChanges)) {
            local.scan(ScanRequest.everything(), found);
            remote.requireListing();
        }
        if (local.isEmpty()) {
            safety.requireNotSuddenlyEmpty(true, base.fileCount());
        }
        if (trigger.poll()) {
            remote.requireLog();
        }
        Set<RelativePath> remoteChanges = refreshRemote(trigger.pushed());
        if (remoteChanges == null) {
            everything = true;
        } else {
            scope.addAll(remoteChanges);
        }
        pushedContent.offer(trigger.pushed());
        long refreshed = System.nanoTime();
        int actions;
        try {
            actions = pass(found, scope);
        } finally {
            pushedContent.clear();
        }
        if (LOG.isDebugEnabled() && (actions > 0 || !scope.isEmpty())) {
            long ended = System.nanoTime();
            LOG.debug("Pass: {} local and {} remote changes, {} actions, {} µs (scan {} µs, remote {} µs, plan {} µs, "
                    + "execute {} µs, record {} µs)", localChanges.size(), remoteChanges == null ? "all" : remoteChanges.size(),
                    actions, (ended - started) / 1000, (scanned - started) / 1000, (refreshed - scanned) / 1000,
                    (executing - refreshed) / 1000, (executed - executing) / 1000, (ended - executed) / 1000);
        }
    }

    /** Plans {@code scope} (everything when {@link #everything} is set), executes, and persists; returns the action count. */
    private int pass(List<Problem> found, Set<RelativePath> scope) throws RemoteException.Unavailable, InterruptedException {
        executing = System.nanoTime();
        executed = executing;
        if (!everything && scope.isEmpty()) {
            problems.record(found, List.of());
            return 0;
        }
        local.hashWhereCompared(remote.tree().entries(), everything ? Optional.empty() : Optional.of(scope), found);
        Plan plan = safety.limitDeletes(settled(plan(scope)), baseTree(), localTree(), clock.instant());
        safety.requireMarker();
        executing = System.nanoTime();
        Outcome outcome = execute(plan);
        executed = System.nanoTime();
        Set<RelativePath> changedMeanwhile = outcome.remoteStale() || !remote.applyOwn(outcome.ownWrites())
                ? readBack() : Set.of();
        found.addAll(plan.problems());
        found.addAll(outcome.problems());
        followUp(outcome, found);
        persist(found, scope);
        if (changedMeanwhile == null) {
            everything = true;
            triggers.wake();
        } else {
            triggers.replan(changedMeanwhile);
        }
        return plan.actions().size();
    }

    private Plan plan(Set<RelativePath> scope) {
        Tree r = Tree.view(remote.tree().entries(), e -> e, this::visible);
        return everything ? Reconciler.reconcile(baseTree(), localTree(), r)
                : Reconciler.reconcile(baseTree(), localTree(), r, scope);
    }

    /** The plan without its server deletes while the folder has not settled; they are planned again once it has. */
    private Plan settled(Plan plan) {
        Optional<Instant> due = safety.deletesDue(plan, triggers.aggregator().lastEvent(), clock.instant());
        if (due.isEmpty()) {
            return plan;
        }
        List<RelativePath> deletes = plan.actions().stream().filter(Action.DeleteRemote.class::isInstance)
                .map(a -> ((Action.DeleteRemote) a).path()).toList();
        triggers.replanAt(deletes, due.get());
        return Safety.withoutDeletes(plan);
    }

    private Tree baseTree() {
        return Tree.view(base.entries(), LocalEntry::entry, this::visible);
    }

    private Tree localTree() {
        return Tree.view(local.cache(), LocalEntry::entry, this::visible);
    }

    private boolean visible(RelativePath path, Entry entry) {
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

    /** Reads the server's log up to now: our own writes and whatever happened between them. */
    private Set<RelativePath> readBack() throws RemoteException.Unavailable {
        remote.requireLog();
        return refreshRemote(List.of());
    }

    /** Brings the server's tree up to date; a replaced server makes the base meaningless, so it is dropped (merge, never delete). */
    private Set<RelativePath> refreshRemote(List<dev.quantum.protocol.Message.FileOperation> pushed) throws RemoteException.Unavailable {
        Set<RelativePath> changed = remote.refresh(pushed);
        if (remote.takeReset()) {
            base.reset();
            everything = true;
            return null;
        }
        return changed;
    }

    /**
     * Paths that changed under the plan are scanned and planned again on the next turn; one
     * that keeps changing becomes a problem, retried with the next poll.
     */
    private void followUp(Outcome outcome, List<Problem> found) {
        outcome.applied().forEach(attempts::remove);
        List<RelativePath> again = new ArrayList<>();
        for (RelativePath path : outcome.replan()) {
            if (attempts.merge(path, 1, Integer::sum) > MAX_ATTEMPTS) {
                attempts.remove(path);
                found.add(new Problem(path, "keeps changing while being synced; will retry"));
            } else {
                again.add(path);
            }
        }
        outcome.rescan().forEach(path -> triggers.rescanAround(local.onDisk(path)));
        triggers.replan(again);
    }

    private void persist(List<Problem> found, Set<RelativePath> scope) {
        List<RelativePath> covered = everything ? List.copyOf(problems.paths())
                : problems.paths().stream().filter(p -> scope.stream().anyMatch(p::isWithin)).toList();
        problems.record(found, covered);
        store.saveLastSeq(remote.seq());
        if (everything) {
            store.saveIgnoreText(local.rules().text()); // everything was compared under these rules
        }
        everything = false;
    }

    /** Whether the server answered 401 or 403 (a missing, wrong or too weak token) rather than not at all. */
    private static boolean refusedAccess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RemoteException.Rejected r && (r.status() == 401 || r.status() == 403)) {
                return true;
            }
        }
        return false;
    }

    private void goOffline(RemoteException.Unavailable e) {
        if (stopping) {
            return;
        }
        if (!offline && refusedAccess(e)) {
            LOG.warn("The server refuses this client ({}): check --token; local changes are kept and sent once it"
                    + " lets the client in (retrying every {} s)", e.getMessage(), settings.interval().toMillis() / 1000.0);
        } else if (!offline) {
            LOG.warn("Server unreachable ({}); local changes are kept and sent when it is back", e.getMessage());
        } else {
            LOG.debug("Still offline: {}", e.getMessage());
        }
        offline = true;
        everything = true;
        remote.requireLog();
        triggers.pollLater();
    }
}
