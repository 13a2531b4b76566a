package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Problem;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paths that could not be synced: each is logged once (again only when its reason
 * changes), kept in the state store so a restart retries it, and dropped once a pass
 * over it succeeds. Owned by the loop thread.
 */
final class ProblemLog {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");

    private final StateStore store;
    private final Map<RelativePath, String> current;

    ProblemLog(StateStore store) {
        this.store = store;
        this.current = new HashMap<>(store.loadPending());
    }

    /** Records this pass: {@code problems} found, and {@code covered} the paths it looked at. */
    void record(List<Problem> problems, Collection<RelativePath> covered) {
        Map<RelativePath, String> now = new HashMap<>();
        for (Problem p : problems) {
            now.putIfAbsent(p.path(), p.reason());
        }
        for (RelativePath path : covered) {
            if (current.containsKey(path) && !now.containsKey(path)) {
                current.remove(path);
                store.removePending(path);
                LOG.info("{} is in sync again", path);
            }
        }
        now.forEach((path, reason) -> {
            if (!reason.equals(current.get(path))) {
                LOG.warn("Not synced: {}: {}", path, reason);
                current.put(path, reason);
                store.putPending(path, reason);
            }
        });
    }

    Set<RelativePath> paths() {
        return Set.copyOf(current.keySet());
    }

    boolean isEmpty() {
        return current.isEmpty();
    }

    Map<RelativePath, String> all() {
        return Map.copyOf(current);
    }
}
