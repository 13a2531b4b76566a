package dev.quantum.bench.cases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Test data on disk: nested trees of random files, big files, and comparisons of trees. */
final class Trees {

    private Trees() {
    }

    /** Writes {@code count} files of {@code size} random bytes as {@code dDD/eDD/fNNNNN.bin}, 100 per folder. */
    static void write(Path root, int count, int size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] data = new byte[size];
        for (int i = 0; i < count; i++) {
            random.nextBytes(data);
            Path file = root.resolve(relative(i));
            Files.createDirectories(file.getParent());
            Files.write(file, data);
        }
    }

    static String relative(int i) {
        int leaf = i / 100;
        return String.format("d%02d/e%02d/f%05d.bin", leaf / 10, leaf % 10, i);
    }

    /** Writes one file of {@code size} random bytes. */
    static void writeBig(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[1 << 20];
        Files.createDirectories(file.getParent());
        try (var out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - done));
            }
        }
    }

    /**
     * Null when every regular file under {@code expected} is in {@code actual} with the
     * same bytes (extra files and the .quantum folders are ignored); else the first difference.
     */
    static String difference(Path expected, Path actual) throws IOException {
        try (Stream<Path> files = Files.walk(expected)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path rel = expected.relativize(f);
                if (rel.startsWith(".quantum")) {
                    continue;
                }
                Path other = actual.resolve(rel);
                if (!Files.isRegularFile(other)) {
                    return rel + " is missing";
                }
                if (Files.mismatch(f, other) != -1) {
                    return rel + " differs";
                }
            }
        }
        return null;
    }

    /** Regular files under {@code root} outside .quantum. */
    static long countFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> !root.relativize(p).startsWith(".quantum")).filter(Files::isRegularFile).count();
        }
    }
}
