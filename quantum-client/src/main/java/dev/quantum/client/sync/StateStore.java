package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The client's durable memory of one synced folder: its identity, the server it syncs
 * with, how far it has read the server's change log, the base (what both sides last
 * agreed on, per path) and the paths that failed and are retried.
 *
 * <p>Thread-safe: calls are serialised. A method that returns has made its change
 * durable; a {@link StateStoreException} means the store is unusable and the sync run
 * must stop (nothing is half-written: each call is one transaction).
 */
public interface StateStore extends AutoCloseable {

    Optional<String> clientId();

    void saveClientId(String clientId);

    Optional<String> serverUrl();

    void saveServerUrl(String serverUrl);

    /** The {@code seq} of the last server change applied locally; 0 before the first sync. */
    long lastSeq();

    void saveLastSeq(long seq);

    /** The {@code .syncignore} text the base was built with. */
    Optional<String> ignoreText();

    void saveIgnoreText(String text);

    NavigableMap<RelativePath, LocalEntry> loadBase();

    void putBase(RelativePath path, LocalEntry entry);

    /** Records every entry of {@code entries} in one transaction. */
    void putBase(Map<RelativePath, LocalEntry> entries);

    /** Forgets {@code path} and everything below it. */
    void removeBase(RelativePath path);

    /** Renames {@code from} and everything below it to {@code to}, replacing what was there. */
    void moveBase(RelativePath from, RelativePath to);

    /** Forgets the whole base and the log position: the next sync compares both sides afresh. */
    void resetBase();

    /** Paths that failed, with the last reason. */
    Map<RelativePath, String> loadPending();

    void putPending(RelativePath path, String reason);

    void removePending(RelativePath path);

    @Override
    void close();
}
