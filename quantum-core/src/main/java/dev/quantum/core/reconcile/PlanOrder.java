package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The order in which a plan's actions run. Phases: set conflicts aside; clear paths that
 * change type (a file becoming a folder or back); create folders, parents first; move;
 * delete (remote first, then local ones children first); transfer; record agreements.
 */
final class PlanOrder {

    private enum Phase { CONFLICT, CLEAR, MKDIR, MOVE, DELETE, TRANSFER, RECORD }

    private PlanOrder() {
    }

    static Plan order(List<Action> actions, List<Problem> problems) {
        Set<RelativePath> deleted = new HashSet<>();
        for (Action a : actions) {
            if (a instanceof Action.DeleteLocal || a instanceof Action.DeleteRemote) {
                deleted.add(a.path());
            }
        }
        Set<RelativePath> typeChanges = new HashSet<>();
        for (Action a : actions) {
            if (isCreate(a) && deleted.contains(a.path())) {
                typeChanges.add(a.path());
            }
        }
        Comparator<Action> byPhase = Comparator.comparing(a -> phase(a, typeChanges));
        List<Action> sorted = new ArrayList<>(actions);
        sorted.sort(byPhase.thenComparing(PlanOrder::withinPhase));
        List<Problem> sortedProblems = new ArrayList<>(problems);
        sortedProblems.sort(Comparator.comparing(Problem::path));
        return new Plan(sorted, sortedProblems);
    }

    /** Remote deletes before local ones; local deletes children first; everything else in path order. */
    private static int withinPhase(Action a, Action b) {
        boolean aLocalDelete = a instanceof Action.DeleteLocal;
        boolean bLocalDelete = b instanceof Action.DeleteLocal;
        if (aLocalDelete != bLocalDelete) {
            return aLocalDelete ? 1 : -1;
        }
        int byPath = a.path().compareTo(b.path());
        return aLocalDelete ? -byPath : byPath;
    }

    private static Phase phase(Action action, Set<RelativePath> typeChanges) {
        return switch (action) {
            case Action.KeepBoth k -> Phase.CONFLICT;
            case Action.DeleteLocal d -> withinAny(d.path(), typeChanges) ? Phase.CLEAR : Phase.DELETE;
            case Action.DeleteRemote d -> typeChanges.contains(d.path()) ? Phase.CLEAR : Phase.DELETE;
            case Action.MkdirLocal m -> Phase.MKDIR;
            case Action.MkdirRemote m -> Phase.MKDIR;
            case Action.MoveLocal m -> Phase.MOVE;
            case Action.MoveRemote m -> Phase.MOVE;
            case Action.Upload u -> Phase.TRANSFER;
            case Action.Download d -> Phase.TRANSFER;
            case Action.InSync s -> Phase.RECORD;
        };
    }

    private static boolean withinAny(RelativePath path, Set<RelativePath> folders) {
        for (Optional<RelativePath> p = Optional.of(path); p.isPresent(); p = p.get().parent()) {
            if (folders.contains(p.get())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCreate(Action a) {
        return a instanceof Action.Upload || a instanceof Action.Download
                || a instanceof Action.MkdirLocal || a instanceof Action.MkdirRemote;
    }
}
