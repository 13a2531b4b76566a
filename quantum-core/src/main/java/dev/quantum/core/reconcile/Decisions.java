package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The actions decided so far, per path; the working state of one reconcile. Not thread-safe. */
final class Decisions {

    private final NavigableMap<RelativePath, List<Action>> byPath = new TreeMap<>();

    List<Action> at(RelativePath path) {
        return byPath.getOrDefault(path, List.of());
    }

    boolean has(RelativePath path) {
        return byPath.containsKey(path);
    }

    void set(RelativePath path, List<Action> actions) {
        if (actions.isEmpty()) {
            byPath.remove(path);
        } else {
            byPath.put(path, List.copyOf(actions));
        }
    }

    /** Removes the actions of {@code path} and everything below it. */
    void clearWithin(RelativePath path) {
        byPath.keySet().removeAll(pathsWithin(path));
    }

    /** Removes the actions of everything strictly below {@code path}. */
    void clearBelow(RelativePath path) {
        List<RelativePath> below = pathsWithin(path);
        below.remove(path);
        byPath.keySet().removeAll(below);
    }

    /** Drops the actions matching {@code drop} at every path strictly below {@code path}. */
    void dropBelow(RelativePath path, Predicate<Action> drop) {
        for (RelativePath p : pathsWithin(path)) {
            if (!p.equals(path)) {
                List<Action> kept = new ArrayList<>(at(p));
                kept.removeIf(drop);
                set(p, kept);
            }
        }
    }

    List<RelativePath> pathsWithin(RelativePath path) {
        List<RelativePath> out = new ArrayList<>();
        for (RelativePath p : byPath.tailMap(path, true).keySet()) {
            if (!p.isWithin(path)) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    /** Paths with decisions, deepest-last (path order). */
    List<RelativePath> paths() {
        return new ArrayList<>(byPath.keySet());
    }

    /** Paths with decisions, children before their folders. */
    List<RelativePath> pathsDeepestFirst() {
        return new ArrayList<>(byPath.descendingKeySet());
    }

    /** Paths whose only action is of {@code type}. */
    <A extends Action> List<A> sole(Class<A> type) {
        List<A> out = new ArrayList<>();
        for (Map.Entry<RelativePath, List<Action>> e : byPath.entrySet()) {
            if (e.getValue().size() == 1 && type.isInstance(e.getValue().getFirst())) {
                out.add(type.cast(e.getValue().getFirst()));
            }
        }
        return out;
    }

    List<Action> all() {
        List<Action> out = new ArrayList<>();
        byPath.values().forEach(out::addAll);
        return out;
    }
}
