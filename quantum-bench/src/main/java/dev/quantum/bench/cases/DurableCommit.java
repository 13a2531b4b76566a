package dev.quantum.bench.cases;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The floor of a durable upload on this disk, measured in the same run as a baseline:
 * what the server's store must do at least before it may acknowledge a small file and
 * broadcast it (write a temp file and fsync it, rename it and fsync the folder, append a
 * log record and fsync the log: three fsyncs), without HTTP, hashing or SQLite.
 */
final class DurableCommit {

    private DurableCommit() {
    }

    /** Milliseconds taken by one such commit of {@code content} as {@code name} in {@code dir}. */
    static double millis(Path dir, String name, byte[] content) throws IOException {
        long start = System.nanoTime();
        Path temp = dir.resolve("." + name + ".part");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(content));
            out.force(true);
        }
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
        try (FileChannel log = FileChannel.open(dir.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            log.write(ByteBuffer.wrap(("committed " + name + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            log.force(false);
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
