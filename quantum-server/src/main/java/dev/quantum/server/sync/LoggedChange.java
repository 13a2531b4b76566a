package dev.quantum.server.sync;

import java.util.Objects;

/**
 * One change of the log as it is stored, not decoded: its operation is the JSON text the
 * codec wrote when it was committed ({@code JsonCodec.operationNode}), so that replaying
 * it needs no decode and re-encode. Immutable.
 *
 * @param seq           the change's position in the log, positive
 * @param operationJson the externally tagged operation, e.g. {@code {"Delete":{"path":"a"}}}
 * @param sourceClient  the client that made the change, or null when the server did
 */
public record LoggedChange(long seq, String operationJson, String sourceClient) {
    public LoggedChange {
        Objects.requireNonNull(operationJson, "operationJson");
        if (seq <= 0) {
            throw new IllegalArgumentException("seq must be positive: " + seq);
        }
    }
}
