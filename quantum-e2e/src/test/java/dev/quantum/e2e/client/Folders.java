package dev.quantum.e2e.client;

import dev.quantum.core.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Snapshots of folder trees for comparing them: relative path → content hash ({@code "dir"} for folders), {@code .quantum} left out. */
final class Folders {

    private Folders() {
    }

    static Map<String, String> snapshot(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root))
                    .filter(p -> !root.relativize(p).startsWith(".quantum"))
                    .forEach(p -> out.put(root.relativize(p).toString().replace('\\', '/'), describe(p)));
        } catch (IOException | UncheckedIOException e) {
            return Map.of("(unreadable)", String.valueOf(e.getMessage()));
        }
        return out;
    }

    private static String describe(Path p) {
        if (Files.isDirectory(p)) {
            return "dir";
        }
        try {
            return Sha256.hex(Files.readAllBytes(p));
        } catch (IOException e) {
            return "(vanished)";
        }
    }

    static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    static void write(Path root, String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    static String read(Path root, String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            return null;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
