package dev.quantum.bench.micro;

import dev.quantum.core.RelativePath;
import dev.quantum.server.store.Precondition;
import dev.quantum.server.store.SyncStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The server's write path without HTTP: SyncStore.put of a new 4 KiB file (temp file,
 * fsync, rename, index row and change-log row in one SQLite transaction) and mkdir (a
 * change-log append with the least file-system work), in a store under /tmp.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {

    private Path root;
    private SyncStore store;
    private byte[] content;
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory(Path.of("/tmp"), "quantum-bench-store-");
        store = SyncStore.open(root, SyncStore.Options.DEFAULT, Clock.systemUTC());
        store.reconcileAll();
        content = new byte[4096];
        new SplittableRandom(5).nextBytes(content);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Object putNewFile() throws IOException {
        long n = next++;
        return store.put(RelativePath.of("d" + (n % 100) + "/f" + n + ".bin"), new ByteArrayInputStream(content), 0,
                Precondition.NONE, "bench");
    }

    @Benchmark
    public Object mkdir() throws IOException {
        long n = next++;
        return store.mkdir(RelativePath.of("m" + (n % 100) + "/d" + n), "bench");
    }
}
