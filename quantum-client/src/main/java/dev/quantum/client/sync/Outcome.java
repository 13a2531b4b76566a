package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What running a plan did, gathered while it runs: per-path problems, paths to plan again
 * because a side changed under the plan, whether the server was written to (so its log
 * must be read back) and folders to rescan. Thread-safe while collecting.
 */
final class Outcome {

    private final List<Problem> problems = new ArrayList<>();
    private final Set<RelativePath> replan = new TreeSet<>();
    private final Set<RelativePath> rescan = new TreeSet<>();
    private final Set<RelativePath> applied = new TreeSet<>();
    private boolean wroteRemote;

    synchronized void applied(RelativePath path) {
        applied.add(path);
    }

    synchronized void problem(RelativePath path, String reason) {
        problems.add(new Problem(path, reason));
    }

    /** {@code path} changed on the server under the plan: read the log, then plan it again. */
    synchronized void remoteChanged(RelativePath path) {
        replan.add(path);
        wroteRemote = true;
    }

    /** {@code path} changed on disk under the plan: look at it again, then plan it again. */
    synchronized void localChanged(RelativePath path) {
        replan.add(path);
        rescan.add(path);
    }

    synchronized void wroteRemote() {
        wroteRemote = true;
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

    synchronized boolean wroteRemoteFlag() {
        return wroteRemote;
    }
}
