package dev.quantum.server.store;

import dev.quantum.core.RelativePath;
import java.time.Instant;
import java.util.Objects;

/**
 * A kept version of a file: content that was replaced ({@code reason "update"}) or
 * deleted ({@code "delete"}) at {@code replacedAt}. {@code id} is opaque to clients.
 * Immutable.
 */
public record VersionInfo(String id, RelativePath path, long size, Instant modified, String hash,
                          Instant replacedAt, String reason) {
    public VersionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(replacedAt, "replacedAt");
        Objects.requireNonNull(reason, "reason");
    }
}
