package dev.quantum.core.reconcile;

import dev.quantum.core.FileMetadata;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What one side holds at a path, as far as syncing cares: a folder, or a file with its
 * content hash and size. Immutable; two entries are equal exactly when they hold the
 * same content, so equality is the reconciler's notion of "unchanged".
 *
 * <p>A client holds one entry per path on each side, so the usual lowercase hex SHA-256
 * is kept as four {@code long}s (56 bytes in all, against 136 for the text) and turned
 * back into text by {@link #hash()} only at the edges. Any other hash text (tests, the
 * seeds' placeholders) is kept as it is.
 *
 * <p>A local file may be {@linkplain #unhashed unhashed}: its content was not read yet
 * (hashing it is left to its upload). Such an entry equals no other entry, so it never
 * counts as unchanged, as equal to the other side or as a move's source.
 */
public final class Entry {

    private static final Entry DIRECTORY = new Entry(0, 0, 0, 0, 0, "");
    private static final HexFormat HEX = HexFormat.of();
    /** The {@code other} of an unhashed file, told apart by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String UNHASHED = new String("unhashed");

    private final long size;
    private final long h0;
    private final long h1;
    private final long h2;
    private final long h3;
    /** {@code ""} for a folder, the hash text of a file whose hash is not a SHA-256, else null. */
    private final String other;

    private Entry(long size, long h0, long h1, long h2, long h3, String other) {
        this.size = size;
        this.h0 = h0;
        this.h1 = h1;
        this.h2 = h2;
        this.h3 = h3;
        this.other = other;
    }

    /** A file holding content with this hash and size; throws for an empty hash or a negative size. */
    public static Entry file(String hash, long size) {
        Objects.requireNonNull(hash, "hash");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        if (hash.isEmpty()) {
            throw new IllegalArgumentException("a file needs a content hash");
        }
        if (!FileMetadata.isSha256(hash)) {
            return new Entry(size, 0, 0, 0, 0, hash);
        }
        return new Entry(size, word(hash, 0), word(hash, 1), word(hash, 2), word(hash, 3), null);
    }

    /** A file of this size whose content has not been hashed; throws for a negative size. */
    public static Entry unhashed(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        return new Entry(size, 0, 0, 0, 0, UNHASHED);
    }

    public static Entry directory() {
        return DIRECTORY;
    }

    /** The entry a server's metadata describes. */
    public static Entry of(FileMetadata metadata) {
        return metadata.isDirectory() ? DIRECTORY : file(metadata.hash(), metadata.size());
    }

    public boolean isDirectory() {
        return other != null && other.isEmpty();
    }

    public boolean isFile() {
        return !isDirectory();
    }

    /** False for an {@linkplain #unhashed unhashed} file, whose {@link #hash} is not known. */
    public boolean isHashed() {
        return other != UNHASHED;
    }

    /**
     * The content hash as text (lowercase hex for a SHA-256); {@code ""} for a folder.
     *
     * @throws IllegalStateException for an {@linkplain #unhashed unhashed} file
     */
    public String hash() {
        if (other == UNHASHED) {
            throw new IllegalStateException("the content of this file has not been hashed");
        }
        if (other != null) {
            return other;
        }
        return HEX.toHexDigits(h0) + HEX.toHexDigits(h1) + HEX.toHexDigits(h2) + HEX.toHexDigits(h3);
    }

    /** The content size in bytes; 0 for a folder. */
    public long size() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        if (other == UNHASHED || (o instanceof Entry e && e.other == UNHASHED)) {
            return o == this;
        }
        return o instanceof Entry e && size == e.size && h0 == e.h0 && h1 == e.h1 && h2 == e.h2 && h3 == e.h3
                && Objects.equals(other, e.other);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(h0 ^ (h1 * 31) ^ (size * 961)) ^ Objects.hashCode(other);
    }

    @Override
    public String toString() {
        if (isDirectory()) {
            return "dir";
        }
        if (other == UNHASHED) {
            return "file(unhashed, " + size + " B)";
        }
        String hash = hash();
        return "file(" + (hash.length() > 12 ? hash.substring(0, 12) : hash) + ", " + size + " B)";
    }

    private static long word(String hex, int index) {
        return HEX.fromHexDigitsToLong(hex, index * 16, index * 16 + 16);
    }
}
