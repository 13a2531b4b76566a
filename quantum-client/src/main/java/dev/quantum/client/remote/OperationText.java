package dev.quantum.client.remote;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;

/** Operations written the way the seeds' logs show them: {@code Update { metadata: FileMetadata { path: "a.txt", … } }}. */
public final class OperationText {

    private OperationText() {
    }

    public static String of(Operation operation) {
        return switch (operation) {
            case Operation.Create c -> "Create { metadata: " + of(c.metadata()) + " }";
            case Operation.Update u -> "Update { metadata: " + of(u.metadata()) + " }";
            case Operation.Delete d -> "Delete { path: \"" + d.path() + "\" }";
            case Operation.Move m -> "Move { from: \"" + m.from() + "\", to: \"" + m.to() + "\" }";
        };
    }

    static String of(FileMetadata m) {
        return "FileMetadata { path: \"" + m.path() + "\", size: " + m.size() + ", modified: " + m.modified()
                + ", hash: \"" + m.hash() + "\", is_directory: " + m.isDirectory() + " }";
    }
}
