package dev.quantum.core;

import java.util.List;
import java.util.Objects;

/**
 * One committed change to a synced tree, as recorded in the change log and carried by
 * the wire protocol's {@code FileOperation}. Immutable.
 */
public sealed interface Operation {

    /** The paths this operation touches (for a move: source, then target). */
    List<RelativePath> paths();

    /** A file or folder came into existence. */
    record Create(FileMetadata metadata) implements Operation {
        public Create {
            Objects.requireNonNull(metadata, "metadata");
        }

        @Override
        public List<RelativePath> paths() {
            return List.of(metadata.path());
        }
    }

    /** An existing file got new content. */
    record Update(FileMetadata metadata) implements Operation {
        public Update {
            Objects.requireNonNull(metadata, "metadata");
        }

        @Override
        public List<RelativePath> paths() {
            return List.of(metadata.path());
        }
    }

    /** A file, or a folder with everything in it, is gone. */
    record Delete(RelativePath path) implements Operation {
        public Delete {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public List<RelativePath> paths() {
            return List.of(path);
        }
    }

    /** A file or folder (with its contents) was renamed. */
    record Move(RelativePath from, RelativePath to) implements Operation {
        public Move {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isWithin(from)) {
                throw new IllegalArgumentException("cannot move " + from + " into itself (" + to + ")");
            }
        }

        @Override
        public List<RelativePath> paths() {
            return List.of(from, to);
        }
    }
}
