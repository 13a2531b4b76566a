package dev.quantum.client.sync;

import dev.quantum.core.reconcile.Action;
import dev.quantum.core.reconcile.Plan;
import dev.quantum.core.reconcile.Tree;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guards against the worst thing a sync tool can do, propagating a mass deletion:
 * a folder whose {@code .quantum} marker vanished (deleted, moved or unmounted) or that is
 * suddenly empty stops the run; server deletes wait for the folder to settle, and a plan
 * deleting more than the allowed share of the synced files on the server keeps those
 * deletes back until the user allows them.
 * Owned by the loop thread.
 */
final class Safety {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");

    /** How long deletes already let through still count towards the share. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    private final LocalTree local;
    private final SyncSettings settings;
    private final Deque<Deleted> recent = new ArrayDeque<>();
    private long heldDeletes;
    private Instant waitingSince;
    private Instant lastDeferred;

    /** {@code files} server deletes let through at {@code at}. */
    private record Deleted(Instant at, long files) {
    }

    Safety(LocalTree local, SyncSettings settings) {
        this.local = local;
        this.settings = settings;
    }

    /** Stops the run when the folder's marker is gone. */
    void requireMarker() {
        if (!local.markerPresent()) {
            throw new SafetyStopException("the folder's .quantum marker is gone: " + local.root()
                    + " was deleted, moved or unmounted. Stopping without changing anything on the server."
                    + " To sync this folder afresh, start the client again (it merges, never deletes).");
        }
    }

    /** Stops the run when the folder is empty although many files were synced before. */
    void requireNotSuddenlyEmpty(boolean localEmpty, long baseFiles) {
        if (localEmpty && baseFiles >= settings.massDeleteFloor() && !settings.allowMassDelete()) {
            throw new SafetyStopException(local.root() + " is empty, but " + baseFiles + " files were synced before."
                    + " Stopping without deleting them on the server. If you really emptied the folder,"
                    + " run again with --allow-mass-delete.");
        }
    }

    /**
     * When this plan's server deletes may go: empty for now, or the moment the folder will
     * have settled. A deletion reaches the watcher file by file and the scans take it in
     * pieces (a scheduling pause of a few milliseconds splits it), so deletes wait until no
     * event has come for {@link SyncSettings#deleteSettle} and the guard below sees the whole
     * of it; a steady stream of other changes delays them at most {@link SyncSettings#deleteMaxWait}.
     */
    Optional<Instant> deletesDue(Plan plan, Optional<Instant> lastEvent, Instant now) {
        if (settings.deleteSettle().isZero() || lastEvent.isEmpty() || deletes(plan) == 0) {
            return Optional.empty(); // passes over other paths in between do not restart the wait
        }
        if (waitingSince == null || now.isAfter(lastDeferred.plus(settings.deleteMaxWait()))) {
            waitingSince = now; // a new wait (an old one whose deletes were undone is forgotten)
        }
        Instant quiet = lastEvent.get().plus(settings.deleteSettle());
        Instant latest = waitingSince.plus(settings.deleteMaxWait());
        Instant due = quiet.isBefore(latest) ? quiet : latest;
        if (!now.isBefore(due)) {
            waitingSince = null;
            return Optional.empty();
        }
        lastDeferred = now;
        return Optional.of(due);
    }

    /**
     * The plan without its server-side deletes while the files deleted locally exceed the
     * allowed share of the synced files. They are counted in all, not only in this plan,
     * together with the deletes this guard let through within the last {@link #WINDOW}: a
     * deletion spread over several scans is still seen whole, even when its first part
     * already went. A file whose content reappeared under another name counts as moved, not
     * deleted. Once deletes are held, they stay held until the files are back or the user
     * allows them (the window stops ageing meanwhile).
     */
    Plan limitDeletes(Plan plan, Tree base, Tree local, Instant now) {
        long planned = deletes(plan);
        if (heldDeletes == 0) {
            while (!recent.isEmpty() && recent.peekFirst().at().isBefore(now.minus(WINDOW))) {
                recent.removeFirst();
            }
        }
        if (planned == 0 && heldDeletes == 0) {
            return plan;
        }
        long alreadyDeleted = recent.stream().mapToLong(Deleted::files).sum();
        long baseFiles = base.paths().stream().filter(p -> base.get(p).orElseThrow().isFile()).count();
        long deleted = deletedLocally(base, local);
        long synced = baseFiles + alreadyDeleted;
        boolean allowed = settings.allowMassDelete() || synced < settings.massDeleteFloor()
                || deleted + alreadyDeleted <= settings.maxDeleteShare() * synced;
        if (allowed) {
            heldDeletes = 0;
            if (planned > 0) {
                recent.addLast(new Deleted(now, planned));
            }
            return plan;
        }
        if (heldDeletes != deleted) {
            String what = alreadyDeleted == 0
                    ? "this would delete " + deleted + " of " + synced + " synced files on the server"
                    : "this would delete " + deleted + " more files on the server, " + (deleted + alreadyDeleted) + " of "
                            + synced + " synced files within " + WINDOW.toSeconds() + " s";
            LOG.warn("Holding back: {}, more than {}%. These {} were not deleted. Restore the files, or restart with"
                            + " --allow-mass-delete (or a higher --max-delete-share) if you mean it.",
                    what, Math.round(settings.maxDeleteShare() * 100), deleted);
        }
        heldDeletes = deleted;
        return withoutDeletes(plan);
    }

    static Plan withoutDeletes(Plan plan) {
        return new Plan(plan.actions().stream().filter(a -> !(a instanceof Action.DeleteRemote)).toList(), plan.problems());
    }

    private static long deletes(Plan plan) {
        return plan.actions().stream().filter(a -> a instanceof Action.DeleteRemote).count();
    }

    private static long deletedLocally(Tree base, Tree local) {
        Set<String> newContent = new HashSet<>();
        for (var p : local.paths()) {
            local.get(p).filter(e -> e.isFile() && base.get(p).isEmpty()).ifPresent(e -> newContent.add(e.hash()));
        }
        long deleted = 0;
        for (var p : base.paths()) {
            var e = base.get(p).orElseThrow();
            if (e.isFile() && local.get(p).isEmpty() && !newContent.contains(e.hash())) {
                deleted++;
            }
        }
        return deleted;
    }

    /** How many server-side file deletes are being held back (0 when none). */
    long heldDeletes() {
        return heldDeletes;
    }

    Path root() {
        return local.root();
    }
}
