package dev.quantum.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs start with the launchers' options files, as bin/quantum and bin/realtime-sync-client start them. */
class BenchEnvTest {

    @TempDir
    Path dir;

    private BenchEnv env(Path launchers) {
        return new BenchEnv(true, Path.of(System.getProperty("java.home")), dir.resolve("server.jar"),
                dir.resolve("client.jar"), "", dir, dir, List.of("-Dextra=1"), launchers);
    }

    @Test
    void the_server_and_a_running_client_get_their_options_file_and_a_once_run_does_not() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("server.jvm-options"), "-XX:CompileThresholdScaling=0.05\n");
        Files.writeString(bin.resolve("client.jvm-options"), "-XX:CompileThresholdScaling=0.01\n");
        BenchEnv env = env(bin);

        assertThat(env.serverCommand()).contains("@" + bin.resolve("server.jvm-options"), "-Dextra=1")
                .doesNotContain("@" + bin.resolve("client.jvm-options"));
        assertThat(env.clientCommand(false)).contains("@" + bin.resolve("client.jvm-options"), "-Dextra=1")
                .doesNotContain("@" + bin.resolve("server.jvm-options"));
        assertThat(env.clientCommand(true)).contains("-Dextra=1").noneMatch(arg -> arg.startsWith("@"));
    }

    @Test
    void missing_options_files_are_left_out() {
        assertThat(env(dir.resolve("no-such-bin")).serverCommand()).noneMatch(arg -> arg.startsWith("@"));
        assertThat(env(null).clientCommand(false)).noneMatch(arg -> arg.startsWith("@"));
    }
}
