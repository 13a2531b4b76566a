package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Three-way reconciliation, the heart of the sync client: from the base (the state both
 * sides last agreed on), the local tree and the remote tree to an ordered {@link Plan}.
 * A pure function: no I/O, no clock, no randomness; the same trees give the same plan.
 *
 * <p>Rules, in the order they apply:
 * <ol>
 *   <li>Per path: a side changed when it differs from the base. Equal sides need at most a
 *       base update; one changed side is copied to the other; two changed sides conflict,
 *       except that an edit beats a delete.</li>
 *   <li>A folder delete is kept only when nothing below it survives on that side; else the
 *       folder is re-created (or, facing a file, the two are kept both).</li>
 *   <li>A delete and a create of the same content on one side become a move.</li>
 *   <li>A path is never created next to one that differs only by letter case.</li>
 * </ol>
 */
public final class Reconciler {

    private final Tree base;
    private final Tree local;
    private final Tree remote;
    private final Decisions decisions = new Decisions();

    private Reconciler(Tree base, Tree local, Tree remote) {
        this.base = base;
        this.local = local;
        this.remote = remote;
    }

    /** Reconciles every path of the three trees. */
    public static Plan reconcile(Tree base, Tree local, Tree remote) {
        TreeSet<RelativePath> paths = new TreeSet<>(base.paths());
        paths.addAll(local.paths());
        paths.addAll(remote.paths());
        return new Reconciler(base, local, remote).run(paths);
    }

    /**
     * Reconciles only {@code roots} and everything below them; other paths are read as
     * context (for letter-case checks) but get no actions. Used for the small batches of
     * changes a watcher or a push announces.
     */
    public static Plan reconcile(Tree base, Tree local, Tree remote, Collection<RelativePath> roots) {
        TreeSet<RelativePath> paths = new TreeSet<>();
        for (RelativePath root : roots) {
            paths.add(root);
            paths.addAll(base.within(root));
            paths.addAll(local.within(root));
            paths.addAll(remote.within(root));
        }
        return new Reconciler(base, local, remote).run(paths);
    }

    private Plan run(SortedSet<RelativePath> paths) {
        for (RelativePath path : paths) {
            decide(path);
        }
        new DirectoryRules(local, remote, decisions).apply();
        new MoveDetection(base, local, remote, decisions).apply();
        DirectoryRules.collapseRemoteDeletes(decisions);
        List<Problem> problems = new CaseCollisions(local, remote, decisions).apply();
        return PlanOrder.order(decisions.all(), problems);
    }

    private void decide(RelativePath path) {
        Optional<Entry> b = base.get(path);
        Optional<Entry> l = local.get(path);
        Optional<Entry> r = remote.get(path);
        if (l.equals(r)) {
            if (!b.equals(l)) {
                decisions.set(path, List.of(new Action.InSync(path, l)));
            }
            return;
        }
        // Here local and remote differ, so at least one of them changed since the base.
        boolean localChanged = !b.equals(l);
        boolean remoteChanged = !b.equals(r);
        if (!remoteChanged) {
            decisions.set(path, pushLocal(path, l, r));
        } else if (!localChanged) {
            decisions.set(path, pullRemote(path, l, r));
        } else {
            decisions.set(path, bothChanged(path, l, r));
        }
    }

    /** Local differs from remote and remote is the base (or, after a remote delete, absent). */
    static List<Action> pushLocal(RelativePath path, Optional<Entry> l, Optional<Entry> r) {
        if (l.isEmpty()) {
            return List.of(new Action.DeleteRemote(path, r.orElseThrow()));
        }
        Entry mine = l.get();
        List<Action> out = new ArrayList<>(2);
        Optional<Entry> expected = r;
        if (r.isPresent() && (mine.isDirectory() || r.get().isDirectory())) {
            out.add(new Action.DeleteRemote(path, r.get()));
            expected = Optional.empty();
        }
        out.add(mine.isDirectory() ? new Action.MkdirRemote(path) : new Action.Upload(path, mine, expected));
        return out;
    }

    /** Remote differs from local and local is the base (or, after a local delete, absent). */
    static List<Action> pullRemote(RelativePath path, Optional<Entry> l, Optional<Entry> r) {
        if (r.isEmpty()) {
            return List.of(new Action.DeleteLocal(path, l.orElseThrow()));
        }
        Entry theirs = r.get();
        List<Action> out = new ArrayList<>(2);
        Optional<Entry> expected = l;
        if (l.isPresent() && (theirs.isDirectory() || l.get().isDirectory())) {
            out.add(new Action.DeleteLocal(path, l.get()));
            expected = Optional.empty();
        }
        out.add(theirs.isDirectory() ? new Action.MkdirLocal(path) : new Action.Download(path, theirs, expected));
        return out;
    }

    /** Both sides changed, to different things. */
    private static List<Action> bothChanged(RelativePath path, Optional<Entry> l, Optional<Entry> r) {
        if (l.isEmpty()) {
            return pullRemote(path, l, r);
        }
        if (r.isEmpty()) {
            return pushLocal(path, l, r);
        }
        // Both present and different, and never two folders (folders are all equal).
        return List.of(new Action.KeepBoth(path, l.get(), r.get()));
    }
}
