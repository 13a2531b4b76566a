package dev.quantum.core.reconcile;

import java.util.List;

/**
 * The result of reconciling: actions in the order they must run, and the paths that
 * were left alone with the reason why. Runs of consecutive transfers may run in
 * parallel; everything else runs one after another. Immutable.
 */
public record Plan(List<Action> actions, List<Problem> problems) {

    public Plan {
        actions = List.copyOf(actions);
        problems = List.copyOf(problems);
    }

    public static Plan empty() {
        return new Plan(List.of(), List.of());
    }

    public boolean isEmpty() {
        return actions.isEmpty() && problems.isEmpty();
    }

    /** The number of uploads and downloads. */
    public long transfers() {
        return actions.stream()
                .filter(a -> a instanceof Action.Upload || a instanceof Action.Download || a instanceof Action.KeepBoth)
                .count();
    }
}
