package dev.quantum.bench.report;

import java.util.Arrays;
import java.util.Collection;

/**
 * Order statistics of one figure's trials: min, median, p90, p99 and max by the
 * nearest-rank method, which never invents a value that was not measured. Immutable.
 */
public record Stats(int count, double min, double median, double p90, double p99, double max) {

    public Stats {
        if (count < 1) {
            throw new IllegalArgumentException("statistics need at least one sample");
        }
    }

    /** The statistics of {@code samples}; throws when there are none. */
    public static Stats of(double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("statistics need at least one sample");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, sorted[0], rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    public static Stats of(Collection<? extends Number> samples) {
        return of(samples.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** The value of a named statistic. */
    public double get(Stat stat) {
        return switch (stat) {
            case MIN -> min;
            case MEDIAN -> median;
            case P90 -> p90;
            case P99 -> p99;
            case MAX -> max;
        };
    }

    private static double rank(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The statistics a target can name. */
    public enum Stat {
        MIN("min"), MEDIAN("median"), P90("p90"), P99("p99"), MAX("max");

        private final String label;

        Stat(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
