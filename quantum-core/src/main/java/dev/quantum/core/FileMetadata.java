package dev.quantum.core;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the product knows about one file or folder: its path, size, last modification
 * time (UTC), the lowercase hex SHA-256 of its content ({@code ""} for a folder) and
 * whether it is a folder. Immutable.
 *
 * <p>The hash is not checked for shape here because the seeds' own examples carry
 * placeholders such as {@code "sha256hash"}; {@link #hasSha256()} tells whether it is a
 * real digest, and the server checks it wherever it matters.
 */
public record FileMetadata(RelativePath path, long size, Instant modified, String hash, boolean isDirectory) {

    public FileMetadata {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(hash, "hash");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (isDirectory && (size != 0 || !hash.isEmpty())) {
            throw new IllegalArgumentException("a directory has size 0 and an empty hash: " + path);
        }
    }

    public static FileMetadata file(RelativePath path, long size, Instant modified, String sha256) {
        return new FileMetadata(path, size, modified, sha256, false);
    }

    public static FileMetadata directory(RelativePath path, Instant modified) {
        return new FileMetadata(path, 0, modified, "", true);
    }

    /** The same entry at another path (after a move). */
    public FileMetadata withPath(RelativePath newPath) {
        return new FileMetadata(newPath, size, modified, hash, isDirectory);
    }

    /** True when {@link #hash} is 64 lowercase hex digits. */
    public boolean hasSha256() {
        return isSha256(hash);
    }

    /** True when {@code s} is a lowercase hex SHA-256 digest. */
    public static boolean isSha256(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Lowercase hex of a digest. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
