package dev.quantum.bench.report;

import java.util.List;
import java.util.Objects;

/**
 * What one benchmark produced: its figures, or the reason it produced none (it failed,
 * or a prerequisite such as the client jar is not built yet). Immutable.
 */
public record Section(String name, String title, List<Figure> figures, String problem, double seconds) {

    public Section {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        figures = List.copyOf(figures);
        problem = problem == null ? "" : problem;
    }

    public boolean ok() {
        return problem.isEmpty() && !figures.isEmpty();
    }
}
