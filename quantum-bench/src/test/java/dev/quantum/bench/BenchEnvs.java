package dev.quantum.bench;

import dev.quantum.bench.proc.BenchEnv;
import java.nio.file.Path;
import java.util.List;

/** A BenchEnv pointing at a checkout's jars, for prerequisite checks in tests. */
final class BenchEnvs {

    private BenchEnvs() {
    }

    static BenchEnv of(Path root) {
        return new BenchEnv(true, Path.of(System.getProperty("java.home")),
                root.resolve("quantum-server/target/quantum-server.jar"), root.resolve("quantum-client/target/quantum-client.jar"),
                "", Path.of("/tmp"), root.resolve("quantum-bench/target"), List.of(),
                root.resolve("bin"));
    }
}
