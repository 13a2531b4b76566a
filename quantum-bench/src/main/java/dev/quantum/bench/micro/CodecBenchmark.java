package dev.quantum.bench.micro;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** JsonCodec on the message the hub sends most: a FileOperation carrying a Create. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {

    private Message.FileOperation operation;
    private String json;

    @Setup
    public void setUp() {
        FileMetadata m = FileMetadata.file(RelativePath.of("projects/quantum/reports/2026/q4-summary.txt"), 4096,
                Instant.parse("2026-11-21T10:15:30.123Z"), "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        operation = new Message.FileOperation(new Operation.Create(m), "laptop-7f3a", 123_456L);
        json = JsonCodec.encode(operation);
    }

    @Benchmark
    public String encodeFileOperation() {
        return JsonCodec.encode(operation);
    }

    @Benchmark
    public Message decodeFileOperation() {
        return JsonCodec.decodeMessage(json);
    }
}
