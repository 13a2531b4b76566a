package dev.quantum.client.sync;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What running a plan did, gathered while it runs: per-path problems, paths to plan again
 * because a side changed under the plan, the changes this client made on the server (to
 * replay into its picture of the server), and folders to rescan. Thread-safe while collecting.
 */
final class Outcome {

    private final List<Problem> problems = new ArrayList<>();
    private final Set<RelativePath> replan = new TreeSet<>();
    private final Set<RelativePath> rescan = new TreeSet<>();
    private final Set<RelativePath> applied = new TreeSet<>();
    private final List<OwnWrite> ownWrites = new ArrayList<>();
    private boolean remoteStale;

    /** A change this client made on the server, and where it landed in the log. */
    record OwnWrite(Committed committed, Operation operation) {
    }

    synchronized void applied(RelativePath path) {
        applied.add(path);
    }

    synchronized void problem(RelativePath path, String reason) {
        problems.add(new Problem(path, reason));
    }

    /** {@code path} changed on the server under the plan: read the log, then plan it again. */
    synchronized void remoteChanged(RelativePath path) {
        replan.add(path);
        remoteStale = true;
    }

    /** {@code path} changed on disk under the plan: look at it again, then plan it again. */
    synchronized void localChanged(RelativePath path) {
        replan.add(path);
        rescan.add(path);
    }

    synchronized void ownWrite(Committed committed, Operation operation) {
        ownWrites.add(new OwnWrite(committed, operation));
    }

    synchronized void rescan(RelativePath path) {
        rescan.add(path);
        replan.add(path);
    }

    synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    synchronized Set<RelativePath> replan() {
        return Set.copyOf(replan);
    }

    synchronized Set<RelativePath> rescan() {
        return Set.copyOf(rescan);
    }

    synchronized Set<RelativePath> applied() {
        return Set.copyOf(applied);
    }

    synchronized List<OwnWrite> ownWrites() {
        return List.copyOf(ownWrites);
    }

    /** True when the server's log must be read before planning again. */
    synchronized boolean remoteStale() {
        return remoteStale;
    }
}
