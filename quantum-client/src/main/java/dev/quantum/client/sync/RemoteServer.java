package dev.quantum.client.sync;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.ChangesPage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's file_sync HTTP API, as the sync loop uses it. Writes carry this client's
 * id so the server does not push them back to it.
 *
 * <p>Thread-safe: calls may run concurrently (the caller bounds how many). Failures are
 * {@link RemoteException}s: {@link RemoteException.Unavailable} means the server cannot be
 * reached (the run goes offline and retries later), {@link RemoteException.Stale} that
 * the path changed on the server since the plan (412, or gone: re-plan),
 * {@link RemoteException.Expired} that the change log no longer reaches back (410: take a
 * full listing), {@link RemoteException.Rejected} that the server refused this one
 * request (a problem for that path).
 */
public interface RemoteServer {

    /** Every file and folder, with the change log's head at the time of the listing. */
    Listing list() throws RemoteException;

    /** Every change after {@code since}, in order, and the log's head. */
    ChangesPage changesSince(long since) throws RemoteException;

    /** The current content of a file; the caller closes the stream. */
    InputStream download(RelativePath path) throws RemoteException;

    /**
     * Stores {@code file} at {@code path}, only if the server still holds {@code replacing}
     * (a content hash), or nothing when it is empty. The answer carries the hash of the bytes
     * sent, computed as they were read, for the caller to check against what the server stored.
     */
    Uploaded upload(RelativePath path, Path file, Optional<String> replacing) throws RemoteException;

    /** Deletes a file (only if it still has hash {@code expectedHash}, when given) or a folder; absent is fine. */
    Committed delete(RelativePath path, Optional<String> expectedHash) throws RemoteException;

    /** Creates a folder and its parents; existing is fine. */
    Committed mkdir(RelativePath path) throws RemoteException;

    /** Renames a file or folder as one change. */
    Committed move(RelativePath from, RelativePath to) throws RemoteException;

    /**
     * What the server stored for an upload, where it landed in the log, and the content hash
     * of the bytes that were sent ({@code sent}). Immutable.
     */
    record Uploaded(FileMetadata metadata, Committed committed, String sent) {
        public Uploaded {
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(committed, "committed");
            Objects.requireNonNull(sent, "sent");
        }
    }

    /** A full listing and the change log's head when it was taken. Immutable. */
    record Listing(List<FileMetadata> entries, long seq) {
        public Listing {
            entries = List.copyOf(entries);
        }
    }
}
