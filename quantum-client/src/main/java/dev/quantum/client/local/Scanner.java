package dev.quantum.client.local;

import dev.quantum.client.sync.LocalEntry;
import dev.quantum.client.sync.LocalScan;
import dev.quantum.client.sync.ScanRequest;
import dev.quantum.core.RelativePath;
import dev.quantum.core.ignore.IgnoreRules;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Problem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One scan of parts of a folder; see {@link dev.quantum.client.sync.LocalTree#scan}. Single use, not thread-safe. */
final class Scanner {

    private static final int HASH_ATTEMPTS = 3;

    private final Path root;
    private final IgnoreRules rules;
    private final Function<RelativePath, LocalEntry> known;
    private final DiskNames diskNames;
    private final long hashLaterFrom;
    private final NavigableMap<RelativePath, LocalEntry> found = new TreeMap<>();
    private final List<LocalScan.Region> regions = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<Optional<RelativePath>, Boolean> scanned = new HashMap<>();
    private final Map<RelativePath, String> seenNames = new HashMap<>();

    /**
     * A scan; a file of at least {@code hashLaterFrom} bytes that {@code known} has no hash
     * for is left {@linkplain Entry#unhashed unhashed}.
     */
    Scanner(Path root, IgnoreRules rules, Function<RelativePath, LocalEntry> known, DiskNames diskNames, long hashLaterFrom) {
        this.root = root;
        this.hashLaterFrom = hashLaterFrom;
        this.rules = rules;
        this.known = known;
        this.diskNames = diskNames;
    }

    LocalScan scan(ScanRequest request) {
        if (request.full()) {
            folder(ScanRequest.ROOT, true);
        } else {
            request.deep().forEach(f -> folder(f, true));
            request.shallow().stream()
                    .filter(f -> request.deep().stream().noneMatch(f::startsWith))
                    .forEach(f -> folder(f, false));
            request.entries().stream()
                    .filter(e -> request.deep().stream().noneMatch(d -> e.startsWith(d) && !e.equals(d)))
                    .filter(e -> !request.shallow().contains(Optional.ofNullable(e.getParent()).orElse(ScanRequest.ROOT)))
                    .forEach(this::entry);
        }
        return new LocalScan(regions, found, problems);
    }

    /** One path, without listing its folder: what stands there now (and, for a new folder, all of it). */
    private void entry(Path relative) {
        Optional<RelativePath> parsed = toRelative(relative);
        if (parsed.isEmpty() || (relative.getNameCount() == 1 && relative.toString().equals(RelativePath.METADATA_DIR))) {
            return;
        }
        RelativePath path = parsed.get();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(root.resolve(relative), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            regions.add(new LocalScan.Region(parsed, LocalScan.Reach.ITSELF_AND_BELOW));
            return;
        }
        LocalEntry before = known.apply(path);
        boolean knownFolder = attributes.isDirectory() && before != null && before.entry().isDirectory();
        regions.add(new LocalScan.Region(parsed, knownFolder ? LocalScan.Reach.ITSELF : LocalScan.Reach.ITSELF_AND_BELOW));
        child(relative, path.parent(), false);
    }

    private void folder(Path relative, boolean deep) {
        Optional<RelativePath> folder = toRelative(relative);
        if (folder.isEmpty() && !relative.equals(ScanRequest.ROOT)) {
            return; // a folder whose own name is not syncable; reported by its parent's scan
        }
        if (folder.isPresent() && !Files.isDirectory(root.resolve(relative), LinkOption.NOFOLLOW_LINKS)) {
            // Gone or replaced: what it held is gone, and its parent says what stands there now.
            regions.add(new LocalScan.Region(folder, LocalScan.Reach.BELOW));
            folder(Optional.ofNullable(relative.getParent()).orElse(ScanRequest.ROOT), false);
            return;
        }
        if (folder.isPresent()) {
            if (rules.ignores(folder.get(), true)) {
                return;
            }
            found.put(folder.get(), LocalEntry.directory());
            seenNames.putIfAbsent(folder.get(), relative.getFileName().toString());
        }
        Boolean seenDeep = scanned.get(folder);
        if (seenDeep != null && (seenDeep || !deep)) {
            return;
        }
        scanned.put(folder, deep);
        regions.add(new LocalScan.Region(folder, deep ? LocalScan.Reach.BELOW : LocalScan.Reach.CHILDREN));
        list(relative, folder, deep);
    }

    private void list(Path relative, Optional<RelativePath> folder, boolean deep) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root.resolve(relative))) {
            List<Path> sorted = new ArrayList<>();
            children.forEach(sorted::add);
            sorted.sort(null);
            for (Path child : sorted) {
                child(relative.resolve(child.getFileName().toString()), folder, deep);
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // Vanished while we looked; its parent's next scan records that.
        } catch (IOException e) {
            folder.ifPresent(f -> problems.add(new Problem(f, "cannot list folder: " + e.getMessage())));
        }
    }

    private void child(Path relative, Optional<RelativePath> folder, boolean deep) {
        String name = relative.getFileName().toString();
        if (folder.isEmpty() && name.equals(RelativePath.METADATA_DIR)) {
            return;
        }
        Optional<RelativePath> parsed = toRelative(relative);
        if (parsed.isEmpty()) {
            folder.ifPresent(f -> problems.add(new Problem(f, "'" + name + "' is not a valid name to sync; skipped")));
            return;
        }
        RelativePath path = parsed.get();
        String seenAs = seenNames.putIfAbsent(path, name);
        if (seenAs != null) {
            if (!seenAs.equals(name)) {
                problems.add(new Problem(path, "two names differ only by Unicode normalisation; '" + name + "' is not synced"));
            }
            return; // the same entry, already looked at in this scan
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(root.resolve(relative), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return; // vanished while we looked
        }
        if (!name.equals(path.name())) {
            diskNames.remember(path, name);
        }
        if (rules.ignores(path, attributes.isDirectory())) {
            return;
        }
        if (attributes.isSymbolicLink()) {
            problems.add(new Problem(path, "symbolic link; not followed and not synced"));
        } else if (attributes.isDirectory()) {
            found.put(path, LocalEntry.directory());
            LocalEntry before = known.apply(path);
            if (deep || before == null || !before.entry().isDirectory()) {
                folder(relative, true);
            }
        } else if (attributes.isRegularFile()) {
            file(relative, path, attributes);
        } else {
            problems.add(new Problem(path, "not a regular file or folder; skipped"));
        }
    }

    private void file(Path relative, RelativePath path, BasicFileAttributes attributes) {
        try {
            hashed(root.resolve(relative), path, attributes).ifPresentOrElse(
                    e -> found.put(path, e),
                    () -> problems.add(new Problem(path, "keeps changing while being read; will retry")));
        } catch (NoSuchFileException e) {
            // deleted while we looked
        } catch (IOException e) {
            problems.add(new Problem(path, "cannot read: " + e.getMessage()));
        }
    }

    private Optional<LocalEntry> hashed(Path file, RelativePath path, BasicFileAttributes attributes) throws IOException {
        long size = attributes.size();
        long modified = nanos(attributes);
        LocalEntry before = known.apply(path);
        if (before != null && before.sameStat(size, modified)) {
            return Optional.of(before);
        }
        if (size > 0 && size >= hashLaterFrom && (before == null || !before.entry().isHashed())) {
            return Optional.of(new LocalEntry(Entry.unhashed(size), modified));
        }
        return steadyHash(file, attributes);
    }

    /**
     * Hashes {@code file} (last seen with {@code attributes}) until its size and time are the
     * same after the read as before it; empty when it kept changing.
     */
    static Optional<LocalEntry> steadyHash(Path file, BasicFileAttributes attributes) throws IOException {
        BasicFileAttributes current = attributes;
        for (int attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
            String hash = Hashing.of(file);
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (after.size() == current.size() && nanos(after) == nanos(current)) {
                return Optional.of(new LocalEntry(Entry.file(hash, after.size()), nanos(after)));
            }
            current = after;
        }
        return Optional.empty();
    }

    private Optional<RelativePath> toRelative(Path relative) {
        if (relative.equals(ScanRequest.ROOT)) {
            return Optional.empty();
        }
        return RelativePath.tryParse(relative.toString().replace(root.getFileSystem().getSeparator(), "/"));
    }

    static long nanos(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }
}
