package dev.quantum.bench.cases;

import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.report.Figure;
import java.util.List;
import java.util.Set;

/**
 * One benchmark of issue 5. {@link #run} measures and returns its figures; it must stop
 * by itself (bounded trials, bounded waits), stop every process it started and leave
 * nothing but its scratch folder behind, even when it fails.
 */
public interface Benchmark {

    /** Short name for {@code --only}, e.g. {@code propagation}. */
    String name();

    /** One-line description for the report. */
    String title();

    /** What must be built for it to run. */
    Set<Needs> needs();

    List<Figure> run(BenchEnv env) throws Exception;

    /** A prerequisite of a benchmark. */
    enum Needs {
        SERVER, CLIENT
    }

    /** Every benchmark, in the order a run executes them (cheap ones first). */
    static List<Benchmark> all() {
        return List.of(new MicroBench(), new PushBench(), new BusyConnectionBench(), new PropagationBench(),
                new ContinuousEditsBench(), new ConnectionsBench(), new BulkBench(), new ClientMemoryBench());
    }
}
