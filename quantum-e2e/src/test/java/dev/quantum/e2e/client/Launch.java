package dev.quantum.e2e.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the tests start the packaged jars: the current JVM's {@code java}, loopback ports, logs in files. */
final class Launch {

    private Launch() {
    }

    /** The repository root (tests run with the module folder as working directory). */
    static Path repository() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.exists(dir.resolve("quantum-e2e")) ? dir : dir.getParent();
    }

    /** A packaged fat jar, or a clear failure telling how to build it. */
    static Path jar(String property, String module) {
        String override = System.getProperty(property);
        Path jar = override != null ? Path.of(override) : repository().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the end-to-end tests run the packaged jars;"
                    + " run them with `./mvnw verify` (or `-pl quantum-e2e -am verify`)");
        }
        return jar;
    }

    static List<String> java(Path jar, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", jar.toString()));
        command.addAll(args);
        return command;
    }

    static Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("QUANTUM_LOG", "debug");
        return builder.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
