package dev.quantum.bench.report;

import java.util.Objects;

/**
 * One measured figure: its trials' statistics, the baseline measured in the same run
 * (or null), the target (or null) and a note on how it was measured. Immutable.
 *
 * @param id       stable key, e.g. {@code propagation.a-to-b}; the quick-run test checks these
 * @param title    what it measures, for the reader
 * @param unit     unit of every statistic, e.g. {@code ms}, {@code KB/conn}, {@code msg/s}
 */
public record Figure(String id, String title, String unit, Stats stats, Baseline baseline, Target target, String note) {

    public Figure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(stats, "stats");
        note = note == null ? "" : note;
    }

    public static Figure of(String id, String title, String unit, Stats stats) {
        return new Figure(id, title, unit, stats, null, null, "");
    }

    public Figure withBaseline(String name, Stats baselineStats) {
        return new Figure(id, title, unit, stats, new Baseline(name, baselineStats), target, note);
    }

    public Figure withTarget(Target t) {
        return new Figure(id, title, unit, stats, baseline, t, note);
    }

    public Figure withNote(String text) {
        return new Figure(id, title, unit, stats, baseline, target, text);
    }

    /** Median over the baseline's median, or NaN without a baseline. */
    public double ratio() {
        return baseline == null ? Double.NaN : stats.median() / baseline.stats().median();
    }

    /** A reference measurement taken in the same run, e.g. {@code cp -r} of the same tree. */
    public record Baseline(String name, Stats stats) {
        public Baseline {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(stats, "stats");
        }
    }
}
