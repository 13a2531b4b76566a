package dev.quantum.client.sync;

import dev.quantum.core.reconcile.Action;
import dev.quantum.core.reconcile.Plan;
import dev.quantum.core.reconcile.Tree;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guards against the worst thing a sync tool can do, propagating a mass deletion:
 * a folder whose {@code .quantum} marker vanished (deleted, moved or unmounted) or that is
 * suddenly empty stops the run; a plan deleting more than the allowed share of the
 * synced files on the server keeps those deletes back until the user allows them.
 * Owned by the loop thread.
 */
final class Safety {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");

    private final LocalTree local;
    private final SyncSettings settings;
    private long heldDeletes;

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
     * The plan without its server-side deletes while the files deleted locally (in all,
     * not only in this plan, so a deletion spread over several scans is still seen whole)
     * exceed the allowed share of the synced files. A file whose content reappeared
     * under another name counts as moved, not deleted.
     */
    Plan limitDeletes(Plan plan, Tree base, Tree local) {
        boolean deletes = plan.actions().stream().anyMatch(a -> a instanceof Action.DeleteRemote);
        if (!deletes && heldDeletes == 0) {
            return plan;
        }
        long baseFiles = base.paths().stream().filter(p -> base.get(p).orElseThrow().isFile()).count();
        long deleted = deletedLocally(base, local);
        boolean allowed = settings.allowMassDelete() || baseFiles < settings.massDeleteFloor()
                || deleted <= settings.maxDeleteShare() * baseFiles;
        if (allowed) {
            heldDeletes = 0;
            return plan;
        }
        if (heldDeletes != deleted) {
            LOG.warn("Holding back: this would delete {} of {} synced files on the server (more than {}%)."
                            + " Nothing was deleted. Restore the files, or restart with --allow-mass-delete"
                            + " (or a higher --max-delete-share) if you mean it.",
                    deleted, baseFiles, Math.round(settings.maxDeleteShare() * 100));
        }
        heldDeletes = deleted;
        return new Plan(plan.actions().stream().filter(a -> !(a instanceof Action.DeleteRemote)).toList(), plan.problems());
    }

    private static long deletedLocally(Tree base, Tree local) {
        java.util.Set<String> newContent = new java.util.HashSet<>();
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
