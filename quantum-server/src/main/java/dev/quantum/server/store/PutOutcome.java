package dev.quantum.server.store;

import dev.quantum.core.RelativePath;
import java.util.Objects;

/** What a batch upload did with one of its files: stored, or failed alone (with the error a single upload would have had). */
public sealed interface PutOutcome {

    RelativePath path();

    record Stored(RelativePath path, PutResult result) implements PutOutcome {
        public Stored {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(result, "result");
        }
    }

    record Failed(RelativePath path, Exception reason) implements PutOutcome {
        public Failed {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
