package dev.quantum.client.local;

import dev.quantum.core.RelativePath;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The on-disk spelling of names that are not NFC (macOS writes NFD), so a path the sync
 * knows in NFC is written back under the name the disk already uses. Thread-safe.
 */
final class DiskNames {

    private final Map<RelativePath, String> spelling = new ConcurrentHashMap<>();

    void remember(RelativePath path, String diskName) {
        spelling.put(path, diskName);
    }

    /** {@code path} below {@code root}, each segment spelt as on disk. */
    Path resolve(Path root, RelativePath path) {
        if (spelling.isEmpty()) {
            return root.resolve(path.value());
        }
        Path out = root;
        RelativePath prefix = null;
        for (String segment : path.segments()) {
            prefix = prefix == null ? RelativePath.of(segment) : prefix.resolve(segment);
            out = out.resolve(spelling.getOrDefault(prefix, segment));
        }
        return out;
    }
}
