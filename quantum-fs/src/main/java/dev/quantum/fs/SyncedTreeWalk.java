package dev.quantum.fs;

import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The tree walk of a synced folder for the directory watcher: every directory and file below
 * the start, links not followed, the metadata folder and everything in it skipped, and an
 * entry that cannot be read (gone meanwhile, no permission) passed over instead of ending
 * the walk. Stateless; thread-safe.
 */
public final class SyncedTreeWalk {

    private SyncedTreeWalk() {
    }

    /** A visitor that skips {@code metadata} (e.g. {@code ROOT/.quantum}) and its contents. */
    public static FileTreeVisitor skipping(Path metadata) {
        Objects.requireNonNull(metadata, "metadata");
        return (start, onDirectory, onFile) -> Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(metadata)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                onDirectory.call(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                onFile.call(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
