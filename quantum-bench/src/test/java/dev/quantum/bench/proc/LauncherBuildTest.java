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
 * changed after the archive was made, so a touched jar would start without it. And
 * {@code quantum_java_major} tells a JDK's version without starting it where it can.
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

    @Test
    void a_jdk_version_is_read_from_its_release_file_or_asked_of_its_java() throws Exception {
        jdk("jdk8", "JAVA_VERSION=\"1.8.0_392\"\n", null);
        jdk("jdk21", "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"21.0.2\"\n", null);
        jdk("jdk25ea", "JAVA_VERSION=\"25-ea\"\n", null);
        // No release file: its java is asked (and it is the only way this one answers 22).
        jdk("bare", null, "#!/bin/sh\necho '    java.specification.version = 22' >&2\n");

        assertThat(bash("quantum_java_major \"$1/jdk8\"")).isEqualTo("8\n");
        assertThat(bash("quantum_java_major \"$1/jdk21\"")).isEqualTo("21\n");
        assertThat(bash("quantum_java_major \"$1/jdk25ea\"")).isEqualTo("25\n");
        assertThat(bash("quantum_java_major \"$1/bare\"")).isEqualTo("22\n");
        assertThat(bash("quantum_java_major \"$1/nothing-here\"")).isEqualTo("\n");
    }

    private void jdk(String name, String release, String java) throws Exception {
        Path home = Files.createDirectories(repo.resolve(name).resolve("bin"));
        if (release != null) {
            Files.writeString(home.resolveSibling("release"), release);
        }
        if (java != null) {
            Files.writeString(home.resolve("java"), java);
            assertThat(home.resolve("java").toFile().setExecutable(true)).isTrue();
        }
    }

    private void ensureBuilt() throws Exception {
        bash("quantum_ensure_built \"$1\" quantum-x");
    }

    /** Runs {@code script} after sourcing bin/jdk.sh, with $1 the temporary repository; its output. */
    private String bash(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". \"$0\" && " + script, JDK_SH.toString(), repo.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
