package dev.quantum.protocol;

import dev.quantum.core.Operation;
import java.util.List;
import java.util.Objects;

/**
 * A WebSocket message of the seeds' protocol, one record per {@code type}. Optional
 * fields that are our additions ({@code seq}, {@code since}, {@code paths}) are null
 * when absent, so a seed client never sees them unless they carry something. Immutable.
 */
public sealed interface Message {

    /** Client → server: register for updates, optionally replaying the log after {@code since}. */
    record Subscribe(String clientId, Long since, List<String> paths) implements Message {
        public Subscribe {
            Objects.requireNonNull(clientId, "client_id");
            paths = paths == null ? null : List.copyOf(paths);
        }

        public Subscribe(String clientId) {
            this(clientId, null, null);
        }
    }

    /** Both ways: one change; from the server it carries the change log's {@code seq}. */
    record FileOperation(Operation operation, String sourceClient, Long seq) implements Message {
        public FileOperation {
            Objects.requireNonNull(operation, "operation");
        }

        public FileOperation(Operation operation, String sourceClient) {
            this(operation, sourceClient, null);
        }
    }

    /** Server → client: acknowledges {@code operation_id} (e.g. {@code "subscribe"}), optionally with the log head. */
    record Ack(String operationId, Long seq) implements Message {
        public Ack {
            Objects.requireNonNull(operationId, "operation_id");
        }

        public Ack(String operationId) {
            this(operationId, null);
        }
    }

    /** Client → server heartbeat. */
    record Ping() implements Message {
    }

    /** Server → client heartbeat answer. */
    record Pong() implements Message {
    }

    /** Server → client: the last message was refused; the connection stays up. */
    record Error(String message) implements Message {
        public Error {
            Objects.requireNonNull(message, "message");
        }
    }
}
