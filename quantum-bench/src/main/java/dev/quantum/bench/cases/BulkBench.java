package dev.quantum.bench.cases;

import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.proc.ClientProcess;
import dev.quantum.bench.proc.Folders;
import dev.quantum.bench.proc.ServerProcess;
import dev.quantum.bench.proc.Shell;
import dev.quantum.bench.report.Figure;
import dev.quantum.bench.report.Stats;
import dev.quantum.bench.report.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Bulk: an empty client's initial sync ({@code --initial-sync --once}, timed from process
 * start to exit) of a tree of small files and of one big file, both directions, against
 * {@code cp -r}, {@code rsync -a} and {@code cp} + {@code sha256sum} of the same data in the same run.
 */
final class BulkBench implements Benchmark {

    @Override
    public String name() {
        return "bulk";
    }

    @Override
    public String title() {
        return "bulk initial sync of many small files and of one big file, both directions, against cp / rsync / sha256sum";
    }

    @Override
    public Set<Needs> needs() {
        return Set.of(Needs.SERVER, Needs.CLIENT);
    }

    @Override
    public List<Figure> run(BenchEnv env) throws Exception {
        int files = env.pick(10_000, 100);
        long big = env.quick() ? 4L << 20 : 1L << 30;
        List<Figure> figures = new ArrayList<>();
        Path tree = env.newDir("bulk-tree");
        Trees.write(tree, files, 4096, 1);
        figures.addAll(measure(env, "bulk.tree", files + " files of 4 KiB in " + (files / 100) + " nested folders",
                tree, env.pick(3, 1), true));
        Folders.delete(tree);
        Path bigDir = env.newDir("bulk-big");
        Trees.writeBig(bigDir.resolve("big.bin"), big, 2);
        figures.addAll(measure(env, "bulk.big", "one file of " + (big >> 20) + " MiB", bigDir, 1, false));
        Folders.delete(bigDir);
        return figures;
    }

    /**
     * Flushes every file system before a timed step, so that no step pays for the writes and
     * deletions of the one before it (a tree of 10,000 files just deleted made the next
     * {@code cp -r} 5–8× slower).
     */
    private static void settle() throws Exception {
        Shell.run(List.of("sync"));
    }

    private List<Figure> measure(BenchEnv env, String id, String what, Path source, int trials, boolean tree) throws Exception {
        List<Double> download = new ArrayList<>();
        List<Double> upload = new ArrayList<>();
        List<Double> cp = new ArrayList<>();
        List<Double> rsync = new ArrayList<>();
        List<Double> rsyncFsync = new ArrayList<>();
        List<Double> sha = new ArrayList<>();
        List<Double> cpSha = new ArrayList<>();
        boolean hasRsync = Shell.has("rsync");
        boolean hasRsyncFsync = hasRsync && Shell.run(List.of("rsync", "--help")).contains("--fsync");
        Path bigFile = source.resolve("big.bin");
        for (int t = 0; t < trials; t++) {
            Path copy = env.newDir("bulk-cp").resolve("copy");
            settle();
            cp.add(Shell.timeMillis(List.of("cp", "-r", source.toString(), copy.toString())));
            Folders.delete(copy.getParent());
            if (hasRsync) {
                Path r = env.newDir("bulk-rsync");
                settle();
                rsync.add(Shell.timeMillis(List.of("rsync", "-a", source + "/", r + "/")));
                Folders.delete(r);
                if (hasRsyncFsync) {
                    Path rf = env.newDir("bulk-rsync-fsync");
                    settle();
                    rsyncFsync.add(Shell.timeMillis(List.of("rsync", "-a", "--fsync", source + "/", rf + "/")));
                    Folders.delete(rf);
                }
            }
            if (!tree) {
                settle();
                sha.add(Shell.timeMillis(List.of("sha256sum", bigFile.toString())));
                Path c = env.newDir("bulk-cpsha").resolve("big.bin");
                settle();
                cpSha.add(Shell.timeMillis(List.of("sh", "-c", "cp \"$0\" \"$1\" && sha256sum \"$1\" >/dev/null", bigFile.toString(), c.toString())));
                Folders.delete(c.getParent());
            }
            Path root = env.newDir("bulk-root");
            try (ServerProcess server = ServerProcess.start(env, root, List.of(), "")) {
                Path a = env.newDir("bulk-a");
                Shell.run(List.of("cp", "-r", source + "/.", a.toString()));
                settle();
                server.awaitSettled();
                upload.add(syncOnce(env, server, a, "bulk-up-" + t));
                check(source, root, "upload");
                Folders.delete(a);
                Path b = env.newDir("bulk-b");
                settle();
                download.add(syncOnce(env, server, b, "bulk-down-" + t));
                check(source, b, "download");
                Folders.delete(b);
            } finally {
                Folders.delete(root);
            }
        }
        Target target = tree ? new Target.RelativeToBaseline(1.5, 0) : new Target.RelativeToBaseline(1.3, 0);
        String baselineName = tree ? "cp -r" : "sha256sum";
        Stats baseline = Stats.of(tree ? cp : sha);
        String note = trials + " trials, every file system flushed (`sync`) before each timed step, against a server that has"
                + " finished starting (its CPU time stopped growing for a second, as a server running before the client came); timed from starting `realtime-sync-client --initial-sync --once` (JVM start included) "
                + "to its exit, then the data is compared byte for byte. Same-run baselines (median): cp -r " + fmt(cp)
                + (hasRsync ? ", rsync -a " + fmt(rsync) : ", rsync not installed")
                + (hasRsyncFsync ? ", rsync -a --fsync " + fmt(rsyncFsync) : "") + (tree ? "" : ", sha256sum " + fmt(sha)
                + ", cp + sha256sum " + fmt(cpSha)) + " ms";
        List<Figure> out = new ArrayList<>();
        out.add(Figure.of(id + ".download", "empty client's initial sync downloads " + what, "ms", Stats.of(download))
                .withBaseline(baselineName, baseline).withTarget(target).withNote(note));
        out.add(Figure.of(id + ".upload", "client's initial sync uploads " + what + " to an empty server", "ms", Stats.of(upload))
                .withBaseline(baselineName, baseline).withTarget(target));
        if (hasRsync) {
            out.add(Figure.of(id + ".download-vs-rsync", "the download again, against rsync -a", "ms", Stats.of(download))
                    .withBaseline("rsync -a", Stats.of(rsync)));
        }
        if (hasRsyncFsync) {
            out.add(Figure.of(id + ".download-vs-rsync-fsync", "the download again, against rsync -a --fsync (durable like Quantum)",
                    "ms", Stats.of(download)).withBaseline("rsync -a --fsync", Stats.of(rsyncFsync)));
            out.add(Figure.of(id + ".upload-vs-rsync-fsync", "the upload again, against rsync -a --fsync", "ms", Stats.of(upload))
                    .withBaseline("rsync -a --fsync", Stats.of(rsyncFsync)));
        }
        if (!tree) {
            out.add(Figure.of(id + ".download-vs-cp-sha256sum", "the download again, against the raw bound cp + sha256sum", "ms",
                    Stats.of(download)).withBaseline("cp + sha256sum", Stats.of(cpSha)));
        }
        return out;
    }

    private static double syncOnce(BenchEnv env, ServerProcess server, Path folder, String id) throws Exception {
        long start = System.nanoTime();
        try (ClientProcess c = ClientProcess.start(env, server, folder, id, List.of(), "--initial-sync", "--once")) {
            int code = c.awaitExit(Duration.ofMinutes(10));
            if (code != 0) {
                throw new IllegalStateException("realtime-sync-client --initial-sync --once exited with " + code + ": " + c.logTail());
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void check(Path expected, Path actual, String what) throws Exception {
        String diff = Trees.difference(expected, actual);
        if (diff != null) {
            throw new IllegalStateException("after the " + what + ": " + diff);
        }
    }

    private static String fmt(List<Double> values) {
        return values.isEmpty() ? "-" : String.format(java.util.Locale.ROOT, "%.0f", Stats.of(values).median());
    }
}
