package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.Subtrees;
import dev.quantum.core.ignore.IgnoreRules;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.core.reconcile.Problem;
import dev.quantum.core.reconcile.Sharing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's picture of the local folder: the last scan of every path (kept current by
 * partial scans and by the executor's own writes) and the ignore rules in force.
 * Owned by the loop thread; the cache map itself is concurrent because transfers
 * record their writes in it.
 */
final class LocalState {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");
    private static final RelativePath SYNCIGNORE = RelativePath.of(IgnoreRules.FILE_NAME);

    private final LocalTree tree;
    private final Base base;
    private final NavigableMap<RelativePath, LocalEntry> cache;
    private IgnoreRules rules = IgnoreRules.defaults();

    LocalState(LocalTree tree, Base base) {
        this.tree = tree;
        this.base = base;
        this.cache = base.scanCache();
    }

    /** The paths and entries held for the disk, for the server's tree to share. */
    Sharing sharing() {
        return base.sharing();
    }

    NavigableMap<RelativePath, LocalEntry> cache() {
        return cache;
    }

    IgnoreRules rules() {
        return rules;
    }

    /** Scans what {@code request} covers and brings the cache up to date; returns the roots of what changed. */
    Set<RelativePath> scan(ScanRequest request, List<Problem> problems) {
        if (request.isEmpty()) {
            return Set.of();
        }
        LocalScan scan = tree.scan(request, rules, path -> {
            LocalEntry known = cache.get(path);
            return known != null ? known : base.entries().get(path);
        });
        problems.addAll(scan.problems());
        return scan.applyTo(cache);
    }

    /**
     * Hashes the files a scan left {@linkplain Entry#unhashed unhashed} wherever the plan
     * compares their content: where the base or the server ({@code remote}) holds the path,
     * or where a file of the same size is gone from the disk (it may have moved there).
     * Elsewhere such a file can only be uploaded, which hashes what it sends. Looks within
     * {@code roots}, or everywhere when empty. A file that cannot be hashed is a problem;
     * it counts as unchanged where the base holds it, so this plan leaves it alone.
     */
    void hashWhereCompared(Map<RelativePath, Entry> remote, Optional<Set<RelativePath>> roots, List<Problem> problems) {
        Set<RelativePath> unhashed = new TreeSet<>();
        forEachWithin(cache, roots, (path, e) -> {
            if (!e.entry().isHashed()) {
                unhashed.add(path);
            }
        });
        if (unhashed.isEmpty()) {
            return;
        }
        Set<Long> goneSizes = new HashSet<>();
        forEachWithin(base.entries(), roots, (path, e) -> {
            if (e.entry().isFile() && !cache.containsKey(path)) {
                goneSizes.add(e.entry().size());
            }
        });
        for (RelativePath path : unhashed) {
            LocalEntry scanned = cache.get(path);
            LocalEntry agreed = base.entries().get(path);
            if (scanned != null && (agreed != null || remote.containsKey(path) || goneSizes.contains(scanned.entry().size()))) {
                hash(path, agreed, problems);
            }
        }
    }

    private void hash(RelativePath path, LocalEntry agreed, List<Problem> problems) {
        try {
            tree.hash(path).ifPresentOrElse(e -> cache.put(path, e), () -> Base.removeWithin(cache, path));
        } catch (IOException e) {
            problems.add(new Problem(path, "cannot read: " + e.getMessage()));
            if (agreed != null) {
                cache.put(path, agreed);
            }
        }
    }

    /** Calls {@code action} for each entry of {@code map} within {@code roots} (all of them when empty). */
    private static void forEachWithin(NavigableMap<RelativePath, LocalEntry> map, Optional<Set<RelativePath>> roots,
                                      BiConsumer<RelativePath, LocalEntry> action) {
        if (roots.isEmpty()) {
            map.forEach(action);
            return;
        }
        for (RelativePath root : roots.get()) {
            for (Map.Entry<RelativePath, LocalEntry> e : Subtrees.of(map, root)) {
                action.accept(e.getKey(), e.getValue());
            }
        }
    }

    /** Rereads {@code .syncignore} when {@code changed} touches it; true when the rules changed. */
    boolean reloadRules(Set<RelativePath> changed) {
        if (!changed.contains(SYNCIGNORE)) {
            return false;
        }
        return loadRules();
    }

    /** Reads {@code .syncignore} (absent means the defaults alone); true when the rules changed. */
    boolean loadRules() {
        Path file = tree.root().resolve(IgnoreRules.FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = "";
        } catch (MalformedInputException e) {
            LOG.warn("{} is not UTF-8 text; using the default ignore rules", IgnoreRules.FILE_NAME);
            text = "";
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}; keeping the current ignore rules", IgnoreRules.FILE_NAME, e.getMessage());
            return false;
        }
        if (text.equals(rules.text())) {
            return false;
        }
        rules = IgnoreRules.parse(text);
        LOG.info("Ignore rules loaded from {}", IgnoreRules.FILE_NAME);
        return true;
    }

    /** {@code path} relative to the root as spelt on disk. */
    Path onDisk(RelativePath path) {
        return tree.onDisk(path);
    }

    /** True when the folder holds nothing that is synced. */
    boolean isEmpty() {
        return cache.isEmpty();
    }
}
