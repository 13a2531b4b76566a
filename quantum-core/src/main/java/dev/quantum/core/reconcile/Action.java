package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link Plan}. Every step that changes a side names what it expects to
 * find there, so the executor can refuse to clobber something that changed after the
 * plan was made. Immutable.
 */
public sealed interface Action {

    /** The path the action is about (for a move: its source). */
    RelativePath path();

    /** Send the local file to the server; {@code expectedRemote} empty means create-only. */
    record Upload(RelativePath path, Entry entry, Optional<Entry> expectedRemote) implements Action {
        public Upload {
            requireFile(entry);
            Objects.requireNonNull(expectedRemote, "expectedRemote");
            expectedRemote.ifPresent(Action::requireFile);
        }
    }

    /** Fetch the server's file; {@code expectedLocal} empty means nothing may be on disk at the path. */
    record Download(RelativePath path, Entry entry, Optional<Entry> expectedLocal) implements Action {
        public Download {
            requireFile(entry);
            Objects.requireNonNull(expectedLocal, "expectedLocal");
            expectedLocal.ifPresent(Action::requireFile);
        }
    }

    /** Create the folder on disk. */
    record MkdirLocal(RelativePath path) implements Action {
        public MkdirLocal {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Create the folder on the server. */
    record MkdirRemote(RelativePath path) implements Action {
        public MkdirRemote {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Delete on disk what is expected there (a folder only once it is empty). */
    record DeleteLocal(RelativePath path, Entry expected) implements Action {
        public DeleteLocal {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(expected, "expected");
        }
    }

    /** Delete on the server (a folder with everything in it). */
    record DeleteRemote(RelativePath path, Entry expected) implements Action {
        public DeleteRemote {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(expected, "expected");
        }
    }

    /** Rename on disk what the server renamed. */
    record MoveLocal(RelativePath from, RelativePath to) implements Action {
        public MoveLocal {
            requireMove(from, to);
        }

        @Override
        public RelativePath path() {
            return from;
        }
    }

    /** Rename on the server what was renamed on disk. */
    record MoveRemote(RelativePath from, RelativePath to) implements Action {
        public MoveRemote {
            requireMove(from, to);
        }

        @Override
        public RelativePath path() {
            return from;
        }
    }

    /**
     * Both sides changed the path differently: the local side is moved aside under a
     * conflict name (and uploaded from there), then the server's side takes the path.
     */
    record KeepBoth(RelativePath path, Entry local, Entry remote) implements Action {
        public KeepBoth {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(local, "local");
            Objects.requireNonNull(remote, "remote");
            if (local.isDirectory() && remote.isDirectory()) {
                throw new IllegalArgumentException("two folders never conflict: " + path);
            }
        }
    }

    /** Both sides already agree; only the base changes ({@code entry} empty: both deleted it). */
    record InSync(RelativePath path, Optional<Entry> entry) implements Action {
        public InSync {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(entry, "entry");
        }
    }

    private static void requireFile(Entry entry) {
        Objects.requireNonNull(entry, "entry");
        if (!entry.isFile()) {
            throw new IllegalArgumentException("expected a file entry, got " + entry);
        }
    }

    private static void requireMove(RelativePath from, RelativePath to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isWithin(to) || to.isWithin(from)) {
            throw new IllegalArgumentException("cannot move " + from + " to " + to);
        }
    }
}
