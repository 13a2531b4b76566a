package dev.quantum.protocol;

import java.util.List;

/** The body of {@code GET /api/changes?since=N}: the log head and the changes after N. Immutable. */
public record ChangesPage(long seq, List<Change> changes) {
    public ChangesPage {
        changes = List.copyOf(changes);
    }
}
