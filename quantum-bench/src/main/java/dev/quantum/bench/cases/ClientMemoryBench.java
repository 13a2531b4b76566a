package dev.quantum.bench.cases;

import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.proc.ClientProcess;
import dev.quantum.bench.proc.CpuTime;
import dev.quantum.bench.proc.Folders;
import dev.quantum.bench.proc.ServerProcess;
import dev.quantum.bench.proc.Shell;
import dev.quantum.bench.report.Figure;
import dev.quantum.bench.report.Stats;
import dev.quantum.bench.report.Stats.Stat;
import dev.quantum.bench.report.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Client memory: a {@code --realtime} client tracking many small files that the server
 * already has (identical trees on both sides, so the initial sync transfers nothing),
 * measured with jcmd once its CPU time stops growing; against the same client on an
 * empty folder and server.
 */
final class ClientMemoryBench implements Benchmark {

    private static final double MIB = 1024 * 1024;

    @Override
    public String name() {
        return "client-memory";
    }

    @Override
    public String title() {
        return "client memory: heap after GC of a client tracking many files";
    }

    @Override
    public Set<Needs> needs() {
        return Set.of(Needs.SERVER, Needs.CLIENT);
    }

    @Override
    public List<Figure> run(BenchEnv env) throws Exception {
        int files = env.pick(100_000, 1_000);
        long empty = heapOfClient(env, null, 0)[0];
        Path tree = env.newDir("memory-tree");
        Trees.write(tree, files, 64, 3);
        long[] measured = heapOfClient(env, tree, files);
        long full = measured[0];
        Folders.delete(tree);
        double perFile = (full - empty) / (double) files;
        return List.of(
                Figure.of("client-memory.heap", "heap after full GC of a --realtime client tracking " + files + " files", "MiB",
                        Stats.of(full / MIB)).withTarget(new Target.AtMost(Stat.MEDIAN, 32))
                        .withNote("same files already on the server; measured once the client's and the server's CPU time stopped growing for 3 s; "
                                + "the same client on an empty folder: " + String.format(java.util.Locale.ROOT, "%.1f", empty / MIB) + " MiB"),
                Figure.of("client-memory.per-file", "heap per tracked file beyond the empty client's", "B/file", Stats.of(perFile))
                        .withTarget(new Target.AtMost(Stat.MEDIAN, 300)),
                Figure.of("client-memory.settle", "time from starting the client until it settled (CPU time stopped growing)", "s",
                        Stats.of(measured[1] / 1e9))
                        .withNote("start of the JVM, scan and hash of every file, listing, reconcile; without the quiet wait itself"));
    }

    /**
     * Heap after GC of a client whose folder and server both hold {@code tree} (or nothing),
     * and the nanoseconds it took to settle.
     */
    private long[] heapOfClient(BenchEnv env, Path tree, int files) throws Exception {
        Path root = env.newDir("memory-root");
        Path folder = env.newDir("memory-client");
        if (tree != null) {
            Shell.run(List.of("cp", "-r", tree + "/.", root.toString()));
            Shell.run(List.of("cp", "-r", tree + "/.", folder.toString()));
        }
        try (ServerProcess server = ServerProcess.start(env, root, List.of(), "", java.time.Duration.ofMinutes(10))) {
            long started = System.nanoTime();
            try (ClientProcess client = ClientProcess.start(env, server, folder, "bench-memory", List.of(), "--realtime", "--initial-sync")) {
                int quietChecks = env.pick(6, 2);
                awaitIdle(client, server, quietChecks);
                long settled = System.nanoTime() - started - quietChecks * 500_000_000L;
                long heap = env.jcmd().heapAfterGc(client.pid());
                env.jcmd().histogram(client.pid(), env.log("client-memory-" + files + "-histogram"), 40);
                return new long[] {heap, settled};
            }
        } finally {
            Folders.delete(root);
            Folders.delete(folder);
        }
    }

    /**
     * Waits (at most 10 minutes) until neither the client's nor the server's CPU time has
     * grown over {@code quietChecks} half seconds (a client waiting for a slow listing is
     * quiet too, but not settled).
     */
    private static void awaitIdle(ClientProcess client, ServerProcess server, int quietChecks) throws Exception {
        CpuTime.awaitQuiet(quietChecks, java.time.Duration.ofMinutes(10), client::checkAlive, client.pid(), server.pid());
    }
}
