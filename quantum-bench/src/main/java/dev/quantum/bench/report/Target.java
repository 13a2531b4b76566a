package dev.quantum.bench.report;

import dev.quantum.bench.report.Stats.Stat;
import java.util.List;

/**
 * What a figure promises, as issue 5 states it. Evaluating a target against a figure
 * says whether it is met and, when not, by how much it misses. Immutable.
 */
public sealed interface Target {

    /** Checks {@code figure} against this target. */
    Verdict check(Figure figure);

    /** A human-readable statement such as {@code median ≤ 10 ms}. */
    String describe(String unit);

    /** {@code stat ≤ limit} in the figure's unit. */
    record AtMost(Stat stat, double limit) implements Target {
        @Override
        public Verdict check(Figure f) {
            double value = f.stats().get(stat);
            if (value <= limit) {
                return Verdict.ok();
            }
            return Verdict.missed(Format.number(value - limit) + " " + f.unit() + " over ("
                    + Format.percent(value / limit - 1) + ")");
        }

        @Override
        public String describe(String unit) {
            return stat.label() + " ≤ " + Format.number(limit) + " " + unit;
        }
    }

    /** {@code stat ≥ limit} in the figure's unit (throughput). */
    record AtLeast(Stat stat, double limit) implements Target {
        @Override
        public Verdict check(Figure f) {
            double value = f.stats().get(stat);
            if (value >= limit) {
                return Verdict.ok();
            }
            return Verdict.missed(Format.number(limit - value) + " " + f.unit() + " short ("
                    + Format.percent(1 - value / limit) + ")");
        }

        @Override
        public String describe(String unit) {
            return stat.label() + " ≥ " + Format.number(limit) + " " + unit;
        }
    }

    /** Median ≤ {@code factor} × the baseline's median + {@code plus}, both in the figure's unit. */
    record RelativeToBaseline(double factor, double plus) implements Target {
        @Override
        public Verdict check(Figure f) {
            if (f.baseline() == null) {
                return Verdict.missed("no baseline was measured");
            }
            double limit = factor * f.baseline().stats().median() + plus;
            double value = f.stats().median();
            if (value <= limit) {
                return Verdict.ok();
            }
            return Verdict.missed(Format.number(value - limit) + " " + f.unit() + " over its limit of "
                    + Format.number(limit) + " (" + Format.percent(value / limit - 1) + ")");
        }

        @Override
        public String describe(String unit) {
            return "median ≤ " + Format.number(factor) + "× baseline" + (plus == 0 ? "" : " + " + Format.number(plus) + " " + unit);
        }
    }

    /** Every one of {@code parts}. */
    record All(List<Target> parts) implements Target {
        public All {
            parts = List.copyOf(parts);
        }

        @Override
        public Verdict check(Figure f) {
            List<String> misses = parts.stream().map(p -> p.check(f)).filter(v -> !v.met()).map(Verdict::miss).toList();
            return misses.isEmpty() ? Verdict.ok() : Verdict.missed(String.join("; ", misses));
        }

        @Override
        public String describe(String unit) {
            return String.join(", ", parts.stream().map(p -> p.describe(unit)).toList());
        }
    }

    /** Whether a target is met, and the shortfall when it is not. */
    record Verdict(boolean met, String miss) {
        static Verdict ok() {
            return new Verdict(true, "");
        }

        static Verdict missed(String how) {
            return new Verdict(false, how);
        }
    }
}
