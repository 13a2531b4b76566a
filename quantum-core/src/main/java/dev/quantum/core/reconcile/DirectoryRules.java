package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.List;

/**
 * Folder-level corrections to the per-path decisions. A folder delete removes everything
 * below it, so it is kept only when every entry below it on that side is deleted too;
 * otherwise something below it survives (an edit beats a delete) and the folder stays.
 */
final class DirectoryRules {

    private final Tree local;
    private final Tree remote;
    private final Decisions decisions;

    DirectoryRules(Tree local, Tree remote, Decisions decisions) {
        this.local = local;
        this.remote = remote;
        this.decisions = decisions;
    }

    void apply() {
        // Deepest first, so a cancelled delete below is seen by the folders above it.
        for (RelativePath path : decisions.pathsDeepestFirst()) {
            for (Action action : decisions.at(path)) {
                if (action instanceof Action.DeleteRemote d && d.expected().isDirectory()
                        && survivesBelow(remote, path, Action.DeleteRemote.class)) {
                    cancelRemoteDelete(path);
                    break;
                }
                if (action instanceof Action.DeleteLocal d && d.expected().isDirectory()
                        && survivesBelow(local, path, Action.DeleteLocal.class)) {
                    cancelLocalDelete(path);
                    break;
                }
            }
        }
        // A local folder kept beside a remote file moves aside whole; its contents sync from there.
        for (Action.KeepBoth keep : decisions.sole(Action.KeepBoth.class)) {
            if (keep.local().isDirectory()) {
                decisions.clearBelow(keep.path());
            }
        }
    }

    /** True when some entry strictly below {@code folder} on {@code side} is not deleted by the plan. */
    private boolean survivesBelow(Tree side, RelativePath folder, Class<? extends Action> delete) {
        for (RelativePath p : side.within(folder)) {
            if (!p.equals(folder) && decisions.at(p).stream().noneMatch(delete::isInstance)) {
                return true;
            }
        }
        return false;
    }

    /** The local side deleted (or replaced by a file) a folder in which the server kept something. */
    private void cancelRemoteDelete(RelativePath folder) {
        Entry remoteFolder = remote.get(folder).orElseThrow();
        decisions.set(folder, local.get(folder)
                .<List<Action>>map(file -> List.of(new Action.KeepBoth(folder, file, remoteFolder)))
                .orElse(List.of(new Action.MkdirLocal(folder))));
    }

    /** The server deleted (or replaced by a file) a folder in which the local side kept something. */
    private void cancelLocalDelete(RelativePath folder) {
        Entry localFolder = local.get(folder).orElseThrow();
        decisions.set(folder, remote.get(folder)
                .<List<Action>>map(file -> List.of(new Action.KeepBoth(folder, localFolder, file)))
                .orElse(List.of(new Action.MkdirRemote(folder))));
    }

    /** A remote folder delete takes everything below it along, so deletes below it are dropped. */
    static void collapseRemoteDeletes(Decisions decisions) {
        for (RelativePath path : decisions.paths()) {
            boolean folderDelete = decisions.at(path).stream()
                    .anyMatch(a -> a instanceof Action.DeleteRemote d && d.expected().isDirectory());
            if (folderDelete) {
                decisions.dropBelow(path, a -> a instanceof Action.DeleteRemote);
            }
        }
    }
}
