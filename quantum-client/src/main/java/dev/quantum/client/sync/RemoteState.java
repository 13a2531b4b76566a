package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.ServerTree;
import dev.quantum.core.reconcile.Sharing;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.ChangesPage;
import dev.quantum.protocol.Message;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's picture of the server: a {@link ServerTree} kept exactly at some position of
 * the server's change log, fed by pushed operations in order, by reading the log where a
 * gap or our own writes make that necessary, and by a full listing when the log no
 * longer reaches back. Changes this client made itself are replayed into the tree but
 * not reported as changed: the base already holds them. Owned by the loop thread.
 */
final class RemoteState {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");

    private final RemoteServer remote;
    private final String clientId;
    private final ServerTree tree;
    private boolean needsListing = true;
    private boolean needsLog;
    private boolean reset;
    private volatile long seq;

    RemoteState(RemoteServer remote, String clientId, Sharing sharing) {
        this.remote = remote;
        this.clientId = clientId;
        this.tree = new ServerTree(sharing);
    }

    ServerTree tree() {
        return tree;
    }

    /** The log position reached; safe to read from any thread. */
    long seq() {
        return seq;
    }

    /** Starts from {@code base} as of {@code lastSeq}: right when every path of the base was in sync then. */
    void resumeFrom(Map<RelativePath, LocalEntry> base, long lastSeq) {
        Map<RelativePath, Entry> entries = new TreeMap<>();
        base.forEach((p, e) -> entries.put(p, e.entry()));
        tree.reset(entries, lastSeq);
        seq = lastSeq;
        needsListing = false;
        needsLog = true;
    }

    /**
     * Replays this client's own writes into the tree when the server said where they
     * landed and nothing else came between; saves reading them back from the log.
     *
     * @return false when that is not known, and the log must be read instead
     */
    boolean applyOwn(List<Outcome.OwnWrite> writes) {
        List<Outcome.OwnWrite> ordered = new java.util.ArrayList<>(writes);
        ordered.sort(java.util.Comparator.comparingLong(w -> w.committed().first()));
        for (Outcome.OwnWrite write : ordered) {
            if (!write.committed().known() || write.committed().first() != tree.seq() + 1) {
                return false;
            }
            tree.apply(write.committed().last(), write.operation());
            seq = tree.seq();
        }
        return true;
    }

    /** The next refresh takes a full listing. */
    void requireListing() {
        needsListing = true;
    }

    /** The next refresh reads the log (after our own writes, or after losing the push channel). */
    void requireLog() {
        needsLog = true;
    }

    /**
     * Brings the tree up to date with what is known to have happened: a listing or the
     * log when required, then {@code pushed} operations in order.
     *
     * @return the roots of what changed, or {@code null} when a full listing replaced everything
     */
    Set<RelativePath> refresh(List<Message.FileOperation> pushed) throws RemoteException.Unavailable {
        Set<RelativePath> changed = new TreeSet<>();
        if (needsLog && !needsListing) {
            changed.addAll(readLog());
        }
        if (needsListing) {
            list();
            return null;
        }
        for (Message.FileOperation op : pushed) {
            if (op.seq() == null || op.seq() > tree.seq() + 1) {
                changed.addAll(readLog()); // a gap (our own writes, or missed pushes), or a server that does not number
                if (needsListing) {
                    list();
                    return null;
                }
            }
            if (op.seq() != null) {
                changed.addAll(tree.apply(op.seq(), op.operation()));
            }
        }
        seq = tree.seq();
        return changed;
    }

    private Set<RelativePath> readLog() throws RemoteException.Unavailable {
        Set<RelativePath> changed = new TreeSet<>();
        try {
            ChangesPage page = remote.changesSince(tree.seq());
            if (page.seq() < tree.seq()) {
                serverReset(page.seq());
                return changed;
            }
            for (Change change : page.changes()) {
                Set<RelativePath> touched = tree.apply(change.seq(), change.operation());
                if (!clientId.equals(change.sourceClient())) {
                    changed.addAll(touched); // our own writes are in the base already
                }
            }
            needsLog = false;
            seq = tree.seq();
        } catch (RemoteException e) {
            switch (e) {
                case RemoteException.Unavailable u -> throw u;
                case RemoteException.Expired x ->
                        LOG.info("The server's change log no longer reaches back to {}; comparing full listings", tree.seq());
                case RemoteException.Stale s -> LOG.warn("Cannot read the server's change log ({}); comparing full listings", s.getMessage());
                case RemoteException.Rejected r -> LOG.warn("Cannot read the server's change log ({}); comparing full listings", r.getMessage());
            }
            needsListing = true;
        }
        return changed;
    }

    /**
     * The server's log is behind what we already read: it is another server, or one
     * restored from a backup. Its state is not "everything was deleted"; the caller
     * forgets the base and merges afresh.
     */
    private void serverReset(long head) {
        LOG.warn("The server's change log is at {} but this folder had read up to {}: the server was replaced or"
                + " restored. Comparing everything afresh; nothing is deleted on either side.", head, tree.seq());
        reset = true;
        needsListing = true;
    }

    /** True once after the server was found replaced or restored (see {@link #serverReset}). */
    boolean takeReset() {
        boolean was = reset;
        reset = false;
        return was;
    }

    private void list() throws RemoteException.Unavailable {
        try {
            RemoteServer.Listing listing = remote.list();
            if (listing.seq() < tree.seq()) {
                serverReset(listing.seq());
            }
            tree.reset(listing.entries(), listing.seq());
            seq = listing.seq();
            needsListing = false;
            needsLog = false;
        } catch (RemoteException.Unavailable e) {
            throw e;
        } catch (RemoteException e) {
            throw new RemoteException.Unavailable("cannot list the server's files: " + e.getMessage(), e);
        }
    }
}
