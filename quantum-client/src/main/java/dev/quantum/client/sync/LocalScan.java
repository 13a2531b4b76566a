package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.core.Subtrees;
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
 * What a scan saw: the regions it looked at (see {@link Region}), the entries found
 * there, and the paths it had to skip. Immutable once built.
 */
public record LocalScan(List<Region> regions, NavigableMap<RelativePath, LocalEntry> found, List<Problem> problems) {

    /** How much of the tree around a scanned path the scan speaks for. */
    public enum Reach {
        /** The direct children of the path. */
        CHILDREN,
        /** Everything strictly below the path. */
        BELOW,
        /** The path itself only. */
        ITSELF,
        /** The path and everything below it. */
        ITSELF_AND_BELOW
    }

    /** A part of the tree that was looked at: around {@code path} ({@code empty} for the root), as far as {@code reach}. */
    public record Region(Optional<RelativePath> path, Reach reach) {
        public Region {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reach, "reach");
        }

        boolean covers(RelativePath candidate) {
            if (path.isEmpty()) {
                return reach == Reach.BELOW || (reach == Reach.CHILDREN && candidate.parent().isEmpty());
            }
            RelativePath at = path.get();
            return switch (reach) {
                case CHILDREN -> candidate.parent().equals(path);
                case BELOW -> !candidate.equals(at) && candidate.isWithin(at);
                case ITSELF -> candidate.equals(at);
                case ITSELF_AND_BELOW -> candidate.isWithin(at);
            };
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
            Iterable<Map.Entry<RelativePath, LocalEntry>> candidates = region.path().isEmpty()
                    ? cache.entrySet() : Subtrees.of(cache, region.path().get());
            for (Map.Entry<RelativePath, LocalEntry> e : candidates) {
                if (!found.containsKey(e.getKey()) && region.covers(e.getKey())) {
                    gone.add(e.getKey());
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
        for (Map.Entry<RelativePath, LocalEntry> e : Subtrees.of(cache, path)) {
            below.add(e.getKey());
        }
        cache.keySet().removeAll(below);
    }
}
