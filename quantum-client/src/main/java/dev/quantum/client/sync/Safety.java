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

    /** The plan without its server-side deletes when they exceed the allowed share of {@code base}. */
    Plan limitDeletes(Plan plan, Tree base, long baseFiles) {
        long deletes = plan.remoteFileDeletes(base);
        boolean allowed = settings.allowMassDelete() || baseFiles < settings.massDeleteFloor()
                || deletes <= settings.maxDeleteShare() * baseFiles;
        if (allowed) {
            heldDeletes = 0;
            return plan;
        }
        if (heldDeletes != deletes) {
            LOG.warn("Holding back: this would delete {} of {} synced files on the server (more than {}%)."
                            + " Nothing was deleted. Restore the files, or restart with --allow-mass-delete"
                            + " (or a higher --max-delete-share) if you mean it.",
                    deletes, baseFiles, Math.round(settings.maxDeleteShare() * 100));
        }
        heldDeletes = deletes;
        return new Plan(plan.actions().stream().filter(a -> !(a instanceof Action.DeleteRemote)).toList(), plan.problems());
    }

    /** How many server-side file deletes are being held back (0 when none). */
    long heldDeletes() {
        return heldDeletes;
    }

    Path root() {
        return local.root();
    }
}
