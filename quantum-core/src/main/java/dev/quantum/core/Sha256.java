package dev.quantum.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the product's content hash, for every module. Stateless and thread-safe. */
public final class Sha256 {

    /** Cloned for each digest: {@code MessageDigest.getInstance} searches the providers every time. */
    private static final MessageDigest PROTOTYPE = create();

    private Sha256() {
    }

    /** A fresh digest, ready for {@code update}. */
    public static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return create();
        }
    }

    /** The digest of {@code bytes}. */
    public static byte[] of(byte[] bytes) {
        return digest().digest(bytes);
    }

    /** The digest of {@code bytes} as lowercase hex, the form the product stores and sends. */
    public static String hex(byte[] bytes) {
        return FileMetadata.hex(of(bytes));
    }

    private static MessageDigest create() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
