package dev.quantum.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' {@code quantum_ensure_built} (bin/jdk.sh) builds a module only when a source
 * changed, and never touches the jar: the JVM refuses a class-data archive whose jar's time
 * changed after the archive was made, so a touched jar would start without it.
 */
class LauncherBuildTest {

    private static final Path JDK_SH = Path.of("..", "bin", "jdk.sh").toAbsolutePath().normalize();

    @TempDir
    Path repo;

    @Test
    void a_change_in_another_module_builds_once_and_leaves_the_jar_as_the_build_left_it() throws Exception {
        FileTime past = FileTime.fromMillis(System.currentTimeMillis() - 120_000);
        FileTime built = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        for (String source : List.of("pom.xml", "quantum-x/pom.xml", "quantum-x/src/main/A.java", "quantum-y/pom.xml")) {
            Path file = repo.resolve(source);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "old");
        }
        Files.createDirectories(repo.resolve("quantum-y/src/main"));
        try (var all = Files.walk(repo)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, past);
            }
        }
        Path jar = Files.createDirectories(repo.resolve("quantum-x/target")).resolve("quantum-x.jar");
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(jar, built);
        Path builds = repo.resolve("builds.log");
        Path mvnw = repo.resolve("mvnw");
        // A Maven that finds the jar up to date, as a change in another module leaves it.
        Files.writeString(mvnw, "#!/bin/sh\necho \"$*\" >> '" + builds + "'\n");
        assertThat(mvnw.toFile().setExecutable(true)).isTrue();

        ensureBuilt();
        assertThat(builds).doesNotExist();

        Files.writeString(repo.resolve("quantum-y/src/main/B.java"), "new");
        ensureBuilt();
        ensureBuilt();

        assertThat(Files.readAllLines(builds)).containsExactly("-q -B -DskipTests -pl quantum-x -am package");
        assertThat(Files.getLastModifiedTime(jar)).isEqualTo(built);
    }

    private void ensureBuilt() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". \"$0\" && quantum_ensure_built \"$1\" quantum-x", JDK_SH.toString(),
                repo.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
