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

    @Test
    void a_class_data_archive_that_no_longer_matches_the_client_jar_is_reported() throws Exception {
        Path jar = dir.resolve("client.jar");
        BenchEnv env = env(null);
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            String entry = Exit.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            try (var in = Exit.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
        }
        assertThat(env.clientArchiveProblem()).isEmpty(); // no archive

        Process dump = new ProcessBuilder(env.java().toString(), "-XX:ArchiveClassesAtExit=" + dir.resolve("quantum-client.jsa"),
                "-Xlog:disable", "-cp", jar.toString(), Exit.class.getName()).redirectErrorStream(true).start();
        dump.getInputStream().readAllBytes();
        assertThat(dump.waitFor()).isZero();
        assertThat(dir.resolve("quantum-client.jsa")).isNotEmptyFile();
        assertThat(env.clientArchiveProblem()).isEmpty(); // made from this jar

        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(env.clientArchiveProblem()).hasValueSatisfying(p -> assertThat(p).contains("does not match client.jar"));
    }

    /** A program that only starts and ends, archived as the client would be. */
    public static final class Exit {
        public static void main(String[] args) {
            // nothing: the archive holds the classes a start loads
        }
    }
}
