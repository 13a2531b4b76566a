package dev.quantum.bench.micro;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SHA-256 (what ETags, base hashes and downloads verify) of a small file and of a 1 MiB chunk. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HashBenchmark {

    @Param({"4096", "1048576"})
    public int size;

    private byte[] data;
    private MessageDigest digest;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        data = new byte[size];
        new SplittableRandom(7).nextBytes(data);
        digest = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] sha256() {
        return digest.digest(data);
    }
}
