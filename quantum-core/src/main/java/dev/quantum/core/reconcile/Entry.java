package dev.quantum.core.reconcile;

import dev.quantum.core.FileMetadata;
import java.util.Objects;

/**
 * What one side holds at a path, as far as syncing cares: a folder, or a file with its
 * content hash and size. Immutable; two entries are equal exactly when they hold the
 * same content, so equality is the reconciler's notion of "unchanged".
 */
public record Entry(Kind kind, String hash, long size) {

    /** File or folder. */
    public enum Kind { FILE, DIRECTORY }

    private static final Entry DIRECTORY = new Entry(Kind.DIRECTORY, "", 0);

    public Entry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hash, "hash");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (kind == Kind.DIRECTORY && (!hash.isEmpty() || size != 0)) {
            throw new IllegalArgumentException("a folder has no hash and no size");
        }
        if (kind == Kind.FILE && hash.isEmpty()) {
            throw new IllegalArgumentException("a file needs a content hash");
        }
    }

    public static Entry file(String hash, long size) {
        return new Entry(Kind.FILE, hash, size);
    }

    public static Entry directory() {
        return DIRECTORY;
    }

    /** The entry a server's metadata describes. */
    public static Entry of(FileMetadata metadata) {
        return metadata.isDirectory() ? DIRECTORY : file(metadata.hash(), metadata.size());
    }

    public boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }

    public boolean isFile() {
        return kind == Kind.FILE;
    }

    @Override
    public String toString() {
        return isDirectory() ? "dir" : "file(" + abbreviate(hash) + ", " + size + " B)";
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
