package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a scan saw: for each scanned region (a folder, {@code empty} for the root, with
 * its direct children only or everything below it) the entries found there, plus paths
 * it had to skip. Immutable once built.
 */
public record LocalScan(List<Region> regions, NavigableMap<RelativePath, LocalEntry> found, List<Problem> problems) {

    /** A folder that was scanned, and how deep. */
    public record Region(Optional<RelativePath> folder, boolean deep) {
        public Region {
            Objects.requireNonNull(folder, "folder");
        }

        boolean covers(RelativePath path) {
            if (folder.isEmpty()) {
                return deep || path.parent().isEmpty();
            }
            if (path.equals(folder.get()) || !path.isWithin(folder.get())) {
                return false;
            }
            return deep || path.parent().equals(folder);
        }
    }

    public LocalScan {
        regions = List.copyOf(regions);
        found = new TreeMap<>(found);
        problems = List.copyOf(problems);
    }

    /**
     * Brings {@code cache} (the last known local tree) up to date with this scan: what a
     * region covers and the scan did not find is gone, with everything below it.
     *
     * @return the roots of everything that changed
     */
    public Set<RelativePath> applyTo(NavigableMap<RelativePath, LocalEntry> cache) {
        Set<RelativePath> changed = new TreeSet<>();
        List<RelativePath> gone = new ArrayList<>();
        for (Region region : regions) {
            Iterable<RelativePath> candidates = region.folder().isEmpty()
                    ? cache.keySet() : cache.tailMap(region.folder().get(), false).keySet();
            for (RelativePath path : candidates) {
                if (region.folder().isPresent() && !path.isWithin(region.folder().get())) {
                    break;
                }
                if (!found.containsKey(path) && region.covers(path)) {
                    gone.add(path);
                }
            }
        }
        for (RelativePath path : gone) {
            if (cache.containsKey(path)) {
                removeWithin(cache, path);
                changed.add(path);
            }
        }
        for (Map.Entry<RelativePath, LocalEntry> e : found.entrySet()) {
            LocalEntry previous = cache.put(e.getKey(), e.getValue());
            if (previous == null || !previous.entry().equals(e.getValue().entry())) {
                changed.add(e.getKey());
            }
        }
        return changed;
    }

    private static void removeWithin(NavigableMap<RelativePath, LocalEntry> cache, RelativePath path) {
        List<RelativePath> below = new ArrayList<>();
        for (RelativePath p : cache.tailMap(path, true).keySet()) {
            if (!p.isWithin(path)) {
                break;
            }
            below.add(p);
        }
        cache.keySet().removeAll(below);
    }
}
