package dev.quantum.server.store;

import java.util.List;
import java.util.Optional;

/**
 * Conditions of a write on the current version of its path: {@code ifMatch} (null when
 * absent) lists acceptable content hashes or {@code "*"}; {@code ifNoneMatchAny} makes
 * the write create-only. Immutable.
 */
public record Precondition(List<String> ifMatch, boolean ifNoneMatchAny) {

    public static final Precondition NONE = new Precondition(null, false);

    public Precondition {
        ifMatch = ifMatch == null ? null : List.copyOf(ifMatch);
    }

    /** Whether the condition depends on the current version at all (false for {@link #NONE}). */
    boolean isConditional() {
        return ifNoneMatchAny || ifMatch != null;
    }

    /** Throws a {@link StoreException} ({@code PRECONDITION_FAILED}) unless the condition holds for {@code current}. */
    void check(Optional<IndexEntry> current, String path) {
        if (ifNoneMatchAny && current.isPresent()) {
            throw StoreException.preconditionFailed(path + " already exists");
        }
        if (ifMatch == null) {
            return;
        }
        if (current.isEmpty()) {
            throw StoreException.preconditionFailed(path + " does not exist");
        }
        if (!ifMatch.contains("*") && !ifMatch.contains(current.get().sha256())) {
            throw StoreException.preconditionFailed(path + " has changed (current hash " + current.get().sha256() + ")");
        }
    }
}
