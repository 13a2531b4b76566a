package dev.quantum.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The folders below a temp folder in which concurrent threads stage new files before they
 * are renamed into place: one per thread, in turn, over {@link #COUNT} folders.
 *
 * <p>Creating a file locks its folder, and so does the rename that moves it out. With eight
 * transfer threads staging small files into one folder while another thread renames them into
 * place, those locks serialised the work: a 10,000-file download took 6.6 s staged in one
 * folder and 5.9 s in eight (medians of twelve alternating runs each; BENCHMARKS.md, the bulk
 * tree section). Thread-safe.
 */
public final class StagingFolders {

    /** How many staging folders a temp folder holds at most. */
    public static final int COUNT = 8;

    private final Path temp;
    private final AtomicInteger turn = new AtomicInteger();
    private final ThreadLocal<Path> folder;

    /** Staging folders below {@code temp}, made as they are first used. */
    public StagingFolders(Path temp) {
        this.temp = temp;
        this.folder = ThreadLocal.withInitial(
                () -> temp.resolve(Integer.toString(Math.floorMod(turn.getAndIncrement(), COUNT))));
    }

    /** Where the calling thread stages a file called {@code name}. */
    public Path file(String name) {
        return folder.get().resolve(name);
    }

    /**
     * Creates {@code file} (from {@link #file}), which must not exist, open for writing. Its
     * folder is made at its first use, and again only if someone removed it since: no system
     * call is spent on it per file.
     */
    public FileChannel createNew(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /**
     * Deletes every file in the temp folder and in its staging folders (what was in flight
     * when the process last stopped), keeping the folders.
     *
     * @throws IOException the first file or folder that could not be deleted or listed,
     *     after trying all the others
     */
    public void clean() throws IOException {
        IOException first = deleteFilesIn(temp, null);
        if (first != null) {
            throw first;
        }
    }

    private static IOException deleteFilesIn(Path folder, IOException first) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                try {
                    if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        first = deleteFilesIn(entry, first);
                    } else {
                        Files.deleteIfExists(entry);
                    }
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        return first;
    }
}
