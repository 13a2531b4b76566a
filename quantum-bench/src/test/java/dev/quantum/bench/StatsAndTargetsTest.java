package dev.quantum.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.bench.report.Figure;
import dev.quantum.bench.report.Stats;
import dev.quantum.bench.report.Stats.Stat;
import dev.quantum.bench.report.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsAndTargetsTest {

    @Test
    void percentiles_use_the_nearest_rank_and_never_interpolate() {
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            samples.add((double) i);
        }
        Stats s = Stats.of(samples);
        assertThat(List.of(s.min(), s.median(), s.p90(), s.p99(), s.max())).containsExactly(1.0, 50.0, 90.0, 99.0, 100.0);
        assertThat(Stats.of(7).p99()).isEqualTo(7);
    }

    @Test
    void statistics_of_nothing_are_refused() {
        assertThatThrownBy(() -> Stats.of(new double[0])).hasMessageContaining("at least one sample");
    }

    @Test
    void a_missed_target_says_by_how_much() {
        Figure f = Figure.of("x", "x", "ms", Stats.of(12, 12, 60));
        Target t = new Target.All(List.of(new Target.AtMost(Stat.MEDIAN, 10), new Target.AtMost(Stat.P99, 50)));
        assertThat(t.check(f).met()).isFalse();
        assertThat(t.check(f).miss()).isEqualTo("2.00 ms over (20%); 10.0 ms over (20%)");
    }

    @Test
    void a_relative_target_compares_with_the_baseline_median_plus_slack() {
        Figure f = Figure.of("edits", "e", "ms", Stats.of(250)).withBaseline("burst", Stats.of(100));
        assertThat(new Target.RelativeToBaseline(1.5, 100).check(f).met()).isTrue();
        assertThat(new Target.RelativeToBaseline(1.5, 0).check(f).miss()).startsWith("100 ms over its limit of 150");
        assertThat(f.ratio()).isEqualTo(2.5);
    }

    @Test
    void unknown_benchmark_names_and_flags_are_refused_with_the_known_ones() {
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--only", "warp"}))
                .hasMessageContaining("unknown benchmark 'warp'").hasMessageContaining("propagation");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--fast"})).hasMessageContaining("unknown argument '--fast'");
        assertThatThrownBy(() -> Main.Options.parse(new String[] {"--out"})).hasMessageContaining("--out needs a value");
        assertThat(Main.Options.parse(new String[] {"--only", "fanout,idle"}).only()).containsExactly("connections");
    }

    @Test
    void profiling_flags_are_off_unless_asked_for() {
        Main.Options plain = Main.Options.parse(new String[] {"--quick"});
        assertThat(plain.jfr()).isFalse();
        assertThat(plain.gcLog()).isFalse();
        Main.Options both = Main.Options.parse(new String[] {"--gc-log", "--jfr"});
        assertThat(both.jfr()).isTrue();
        assertThat(both.gcLog()).isTrue();
    }
}
