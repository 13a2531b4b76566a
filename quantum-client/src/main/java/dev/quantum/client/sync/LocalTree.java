package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.ignore.IgnoreRules;
import dev.quantum.core.reconcile.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The synced folder on disk. Scans only read. Writes never leave a partial file at a
 * synced path (they go through a temp file under {@code DIR/.quantum/tmp} and an atomic
 * rename), refuse to replace anything other than what the caller expects, and never
 * follow a symbolic link, so nothing outside the folder is touched.
 *
 * <p>Thread-safe: writes to different paths may run concurrently. An {@link IOException}
 * is about the path at hand (the caller reports it as a problem and retries later);
 * {@link LocalChangedException} means the path changed since it was scanned.
 */
public interface LocalTree {

    /** The folder's absolute path. */
    Path root();

    /** True while {@code DIR/.quantum} exists; when it vanishes the folder was deleted, moved or unmounted. */
    boolean markerPresent();

    /**
     * Looks at the folders {@code request} names. Ignored paths, symbolic links and names
     * that are not valid synced paths are left out (the latter two as problems). A file
     * whose size and modification time match {@code known} keeps its known hash; a big file
     * {@code known} has no hash for may be left {@linkplain Entry#unhashed unhashed}.
     */
    LocalScan scan(ScanRequest request, IgnoreRules rules, Function<RelativePath, LocalEntry> known);

    /** {@code path} relative to the root as spelt on disk (names written in NFD stay NFD), for scan requests. */
    Path onDisk(RelativePath path);

    /** The file the content of {@code path} can be read from (for an upload). */
    Path file(RelativePath path) throws IOException;

    /** What {@code path} holds now, reusing {@code known}'s hash when size and time match; empty when absent. */
    Optional<LocalEntry> stat(RelativePath path, Optional<LocalEntry> known) throws IOException;

    /**
     * What the file at {@code path} holds now, hashed (for a file a scan left
     * {@linkplain Entry#unhashed unhashed}); empty when nothing is there.
     *
     * @throws LocalChangedException when it is no longer a file, or keeps changing while it is read
     */
    Optional<LocalEntry> hash(RelativePath path) throws IOException;

    /**
     * Writes {@code content} to a temp file, checks it hashes to {@code entry} and gives it the
     * time {@code modified}. With {@code force} its content is on disk when this returns;
     * without, it is on disk after the next {@link #flush}. The temp file waits for
     * {@link #place} or {@link #discard}; a failed stage leaves nothing behind.
     *
     * @throws ContentMismatchException when the bytes do not hash to {@code entry}
     */
    Staged stage(RelativePath path, InputStream content, Entry entry, Instant modified, boolean force)
            throws IOException;

    /**
     * When {@code staged.path()} still holds {@code expected} (absent, or a file with that size
     * and time), calls {@code beforeRename} with the new local entry and renames the staged file
     * into place, creating missing parent folders. A file staged with force has its new name
     * made durable too (its folder is fsynced); one staged without waits for the next
     * {@link #flush}. The temp file is gone afterwards either way.
     *
     * @throws LocalChangedException when the path changed meanwhile
     */
    LocalEntry place(Staged staged, Optional<LocalEntry> expected, Consumer<LocalEntry> beforeRename)
            throws IOException;

    /** Deletes a staged file that will not be placed. */
    void discard(Staged staged);

    /**
     * Whether {@code files} files staged without force are best made durable together by
     * {@link #flush} rather than forced one by one as they are staged.
     */
    boolean flushesTogether(int files);

    /**
     * Makes everything written to this folder's file system so far durable: staged contents,
     * renames and new folders.
     *
     * @throws IOException when the disk reports an error, or flushing together is not available
     */
    void flush() throws IOException;

    /**
     * A downloaded, checked file in the temp folder, waiting to be placed at {@code path};
     * {@code forced} when its content is already on disk.
     */
    record Staged(RelativePath path, Path part, LocalEntry entry, boolean forced) {
    }

    /** Deletes a file that still matches {@code expected}, or a folder that is empty (but for editor and OS litter). */
    void delete(RelativePath path, LocalEntry expected) throws IOException;

    /** Creates a folder and its parents; fine when it exists. */
    void mkdir(RelativePath path) throws IOException;

    /** Renames {@code from} to {@code to}, which must not exist, creating its parents. */
    void move(RelativePath from, RelativePath to) throws IOException;

    /** Deletes leftover temp files (after a crash or a stop). */
    void cleanTemp();
}
