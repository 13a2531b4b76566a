package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a delete and a create of the same content on one side into a move on the other
 * side, so a renamed folder is one rename instead of a re-transfer. Only unambiguous
 * pairs are moved: a folder whose whole content matches exactly one deleted folder, a
 * non-empty file whose content matches exactly one deleted file (or, among equal
 * contents, exactly one with the same name). Everything else stays delete plus create.
 */
final class MoveDetection {

    private final Tree base;
    private final Tree local;
    private final Tree remote;
    private final Decisions decisions;

    MoveDetection(Tree base, Tree local, Tree remote, Decisions decisions) {
        this.base = base;
        this.local = local;
        this.remote = remote;
        this.decisions = decisions;
    }

    void apply() {
        Side renamedLocally = new Side(local, remote, Action.DeleteRemote.class, true);
        Side renamedRemotely = new Side(remote, local, Action.DeleteLocal.class, false);
        for (Side side : List.of(renamedLocally, renamedRemotely)) {
            pairFolders(side);
            pairFiles(side);
        }
    }

    /**
     * One direction: {@code changed} is the side where the rename happened (seen as a
     * delete plus a create), {@code other} the side that must replay it.
     */
    private record Side(Tree changed, Tree other, Class<? extends Action> delete, boolean local) {
        Action move(RelativePath from, RelativePath to) {
            return local ? new Action.MoveRemote(from, to) : new Action.MoveLocal(from, to);
        }
    }

    private void pairFolders(Side side) {
        Map<Map<String, Entry>, List<RelativePath>> sources = new HashMap<>();
        Map<Map<String, Entry>, List<RelativePath>> targets = new HashMap<>();
        for (RelativePath path : decisions.paths()) {
            if (isSource(side, path, true)) {
                relativeContent(side.other(), path).ifPresent(c -> sources.computeIfAbsent(c, k -> new ArrayList<>()).add(path));
            } else if (isTarget(side, path, true) && wholeTreeIsTarget(side, path)) {
                relativeContent(side.changed(), path).ifPresent(c -> targets.computeIfAbsent(c, k -> new ArrayList<>()).add(path));
            }
        }
        sources.forEach((content, from) -> {
            List<RelativePath> to = targets.getOrDefault(content, List.of());
            if (from.size() == 1 && to.size() == 1) {
                pair(side, from.getFirst(), to.getFirst());
            }
        });
    }

    private void pairFiles(Side side) {
        Map<Entry, List<RelativePath>> sources = new LinkedHashMap<>();
        Map<Entry, List<RelativePath>> targets = new HashMap<>();
        for (RelativePath path : decisions.paths()) {
            if (isSource(side, path, false)) {
                Entry e = side.other().get(path).orElseThrow();
                if (e.size() > 0) {
                    sources.computeIfAbsent(e, k -> new ArrayList<>()).add(path);
                }
            } else if (isTarget(side, path, false)) {
                Entry e = side.changed().get(path).orElseThrow();
                if (e.size() > 0) {
                    targets.computeIfAbsent(e, k -> new ArrayList<>()).add(path);
                }
            }
        }
        sources.forEach((content, from) -> pairAmong(side, from, targets.getOrDefault(content, List.of())));
    }

    private void pairAmong(Side side, List<RelativePath> from, List<RelativePath> to) {
        if (from.size() == 1 && to.size() == 1) {
            pair(side, from.getFirst(), to.getFirst());
            return;
        }
        for (RelativePath source : from) {
            List<RelativePath> sameNameTargets = to.stream().filter(t -> t.name().equals(source.name())).toList();
            long sameNameSources = from.stream().filter(s -> s.name().equals(source.name())).count();
            if (sameNameTargets.size() == 1 && sameNameSources == 1) {
                pair(side, source, sameNameTargets.getFirst());
            }
        }
    }

    private void pair(Side side, RelativePath from, RelativePath to) {
        if (from.isWithin(to) || to.isWithin(from) || !decisions.has(from) || !decisions.has(to)) {
            return; // nested in each other, or already consumed by a move of a folder around them
        }
        decisions.clearWithin(from);
        decisions.clearWithin(to);
        decisions.set(from, List.of(side.move(from, to)));
    }

    /** A delete on the other side caused only by a delete on the changed side (the other side still holds the base). */
    private boolean isSource(Side side, RelativePath path, boolean folder) {
        List<Action> actions = decisions.at(path);
        return actions.size() == 1 && side.delete().isInstance(actions.getFirst())
                && side.changed().get(path).isEmpty()
                && side.other().get(path).map(e -> e.isDirectory() == folder).orElse(false)
                && side.other().get(path).equals(base.get(path));
    }

    /** A path created on the changed side only, copied as is to the other side. */
    private boolean isTarget(Side side, RelativePath path, boolean folder) {
        List<Action> actions = decisions.at(path);
        if (actions.size() != 1 || base.get(path).isPresent() || side.other().get(path).isPresent()) {
            return false;
        }
        Action a = actions.getFirst();
        return folder
                ? a instanceof Action.MkdirRemote && side.local() || a instanceof Action.MkdirLocal && !side.local()
                : a instanceof Action.Upload u && u.expectedRemote().isEmpty() && side.local()
                        || a instanceof Action.Download d && d.expectedLocal().isEmpty() && !side.local();
    }

    private boolean wholeTreeIsTarget(Side side, RelativePath folder) {
        for (RelativePath p : side.changed().within(folder)) {
            if (!p.equals(folder) && !isTarget(side, p, side.changed().get(p).orElseThrow().isDirectory())) {
                return false;
            }
        }
        return true;
    }

    /** What lies below {@code folder}, keyed by path relative to it; empty for an empty folder. */
    private static Optional<Map<String, Entry>> relativeContent(Tree tree, RelativePath folder) {
        Map<String, Entry> content = new TreeMap<>();
        int prefix = folder.value().length() + 1;
        for (RelativePath p : tree.within(folder)) {
            if (!p.equals(folder)) {
                content.put(p.value().substring(prefix), tree.get(p).orElseThrow());
            }
        }
        return content.isEmpty() ? Optional.empty() : Optional.of(content);
    }
}
