package dev.quantum.client.sync;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.ChangesPage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
 *
 * <p>The batch calls ({@link #downloadAll}, {@link #uploadAll}) carry many files in one
 * exchange; each path gets the answer its single request would have had, and only
 * {@link RemoteException.Unavailable} fails a whole batch. Their default implementations send
 * one request per file.
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

    /**
     * Downloads {@code paths} (distinct, at most {@value dev.quantum.protocol.FileBatch#MAX_FILES}),
     * handing {@code receiver} one {@link Answer} per path, in order, on the calling thread: the
     * file's current content, to read before {@code receive} returns (the stream is closed, or
     * skipped past, afterwards), or the failure its {@link #download} would have thrown.
     *
     * @throws RemoteException.Unavailable when the server cannot be reached or the answer breaks
     *     off; the paths not yet handed over get no answer
     */
    default void downloadAll(List<RelativePath> paths, Receiver receiver) throws RemoteException.Unavailable {
        for (RelativePath path : paths) {
            InputStream content;
            try {
                content = download(path);
            } catch (RemoteException.Unavailable e) {
                throw e;
            } catch (RemoteException e) {
                receiver.receive(new Answer.Failed<>(path, e));
                continue;
            }
            try (content) {
                receiver.receive(new Answer.Done<>(path, content));
            } catch (IOException e) {
                // closing a body that was read: nothing was lost
            }
        }
    }

    /**
     * Uploads each of {@code uploads} (distinct paths, at most
     * {@value dev.quantum.protocol.FileBatch#MAX_FILES}) as {@link #upload} would, and answers
     * for each, in order: what the server stored, or the failure that upload would have thrown.
     *
     * @throws RemoteException.Unavailable when the server cannot be reached; what it stored
     *     before is not reported
     */
    default List<Answer<Uploaded>> uploadAll(List<Upload> uploads) throws RemoteException.Unavailable {
        List<Answer<Uploaded>> answers = new ArrayList<>(uploads.size());
        for (Upload u : uploads) {
            try {
                answers.add(new Answer.Done<>(u.path(), upload(u.path(), u.file(), u.replacing())));
            } catch (RemoteException.Unavailable e) {
                throw e;
            } catch (RemoteException e) {
                answers.add(new Answer.Failed<>(u.path(), e));
            }
        }
        return answers;
    }

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

    /** Takes the answers of a {@link #downloadAll}, one path at a time, on the thread that called it. */
    @FunctionalInterface
    interface Receiver {
        /**
         * Takes one path's answer, reading its content (if any) before returning.
         *
         * @throws RemoteException.Unavailable to end the batch (the server could not be reached)
         */
        void receive(Answer<InputStream> answer) throws RemoteException.Unavailable;
    }

    /** One file of an {@link #uploadAll}: as the arguments of {@link #upload}. Immutable. */
    record Upload(RelativePath path, Path file, Optional<String> replacing) {
        public Upload {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(replacing, "replacing");
        }
    }

    /** A full listing and the change log's head when it was taken. Immutable. */
    record Listing(List<FileMetadata> entries, long seq) {
        public Listing {
            entries = List.copyOf(entries);
        }
    }
}
