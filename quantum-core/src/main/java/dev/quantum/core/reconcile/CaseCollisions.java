package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps paths that differ only by letter case from overwriting each other on disks
 * that ignore case: a create is dropped, with a {@link Problem}, when the side it would
 * land on holds (and keeps) a sibling with the same case-folded name, or when an
 * earlier create in the same plan claims that name. Unicode normalisation needs no
 * rule here: every {@link RelativePath} is NFC, so two spellings are one path.
 */
final class CaseCollisions {

    private final Decisions decisions;
    private final SideIndex local;
    private final SideIndex remote;
    private final List<Problem> problems = new ArrayList<>();

    CaseCollisions(Tree local, Tree remote, Decisions decisions) {
        this.decisions = decisions;
        this.local = new SideIndex(local, true);
        this.remote = new SideIndex(remote, false);
    }

    List<Problem> apply() {
        for (RelativePath owner : decisions.paths()) {
            for (Action action : decisions.at(owner)) {
                createdLocally(action).ifPresent(p -> check(owner, p, local));
                createdRemotely(action).ifPresent(p -> check(owner, p, remote));
            }
        }
        return problems;
    }

    /** {@code owner} is where the creating action is filed: the created path, or a move's source. */
    private void check(RelativePath owner, RelativePath created, SideIndex side) {
        Optional<RelativePath> clash = side.siblingsFolded(created).stream()
                .filter(s -> !s.equals(created) && !leaves(s, side.isLocal))
                .findFirst()
                .or(() -> Optional.ofNullable(side.claimed.get(created.foldedKey())).filter(c -> !c.equals(created)));
        if (clash.isPresent()) {
            decisions.clearWithin(created);
            decisions.clearWithin(owner);
            problems.add(new Problem(created, "differs only by letter case from '" + clash.get()
                    + "' on the " + (side.isLocal ? "local" : "server") + " side; not synced to avoid overwriting it"));
        } else {
            side.claimed.put(created.foldedKey(), created);
        }
    }

    /** True when the plan removes {@code path} from the given side (delete, move away, or set aside). */
    private boolean leaves(RelativePath path, boolean isLocal) {
        for (Action a : decisions.at(path)) {
            boolean gone = isLocal
                    ? a instanceof Action.DeleteLocal || a instanceof Action.MoveLocal || a instanceof Action.KeepBoth
                    : a instanceof Action.DeleteRemote || a instanceof Action.MoveRemote;
            if (gone) {
                return true;
            }
        }
        return false;
    }

    private static Optional<RelativePath> createdLocally(Action action) {
        return switch (action) {
            case Action.Download d -> d.expectedLocal().isEmpty() ? Optional.of(d.path()) : Optional.empty();
            case Action.MkdirLocal m -> Optional.of(m.path());
            case Action.MoveLocal m -> Optional.of(m.to());
            case Action.Upload u -> Optional.empty();
            case Action.MkdirRemote m -> Optional.empty();
            case Action.MoveRemote m -> Optional.empty();
            case Action.DeleteLocal d -> Optional.empty();
            case Action.DeleteRemote d -> Optional.empty();
            case Action.KeepBoth k -> Optional.empty();
            case Action.InSync s -> Optional.empty();
        };
    }

    private static Optional<RelativePath> createdRemotely(Action action) {
        return switch (action) {
            case Action.Upload u -> u.expectedRemote().isEmpty() ? Optional.of(u.path()) : Optional.empty();
            case Action.MkdirRemote m -> Optional.of(m.path());
            case Action.MoveRemote m -> Optional.of(m.to());
            case Action.Download d -> Optional.empty();
            case Action.MkdirLocal m -> Optional.empty();
            case Action.MoveLocal m -> Optional.empty();
            case Action.DeleteLocal d -> Optional.empty();
            case Action.DeleteRemote d -> Optional.empty();
            case Action.KeepBoth k -> Optional.empty();
            case Action.InSync s -> Optional.empty();
        };
    }

    /** One side's entries grouped by folder and case-folded name, built lazily per folder. */
    private static final class SideIndex {
        final Tree tree;
        final boolean isLocal;
        final Map<String, RelativePath> claimed = new HashMap<>();
        final Map<Optional<RelativePath>, Map<String, List<RelativePath>>> byFolder = new HashMap<>();

        SideIndex(Tree tree, boolean isLocal) {
            this.tree = tree;
            this.isLocal = isLocal;
        }

        List<RelativePath> siblingsFolded(RelativePath path) {
            Map<String, List<RelativePath>> folder = byFolder.computeIfAbsent(path.parent(), parent -> {
                Map<String, List<RelativePath>> index = new HashMap<>();
                for (RelativePath child : tree.children(parent)) {
                    index.computeIfAbsent(child.foldedKey(), k -> new ArrayList<>()).add(child);
                }
                return index;
            });
            return folder.getOrDefault(path.foldedKey(), List.of());
        }
    }
}
