package dev.quantum.protocol;

import dev.quantum.core.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A WebSocket message of the seeds' protocol, one record per {@code type}. Optional
 * fields that are our additions ({@code seq}, {@code since}, {@code paths}, {@code inline},
 * {@code content}) are null
 * when absent, so a seed client never sees them unless they carry something. Immutable.
 */
public sealed interface Message {

    /**
     * Client → server: register for updates, optionally replaying the log after {@code since},
     * only for {@code paths}, and with the bytes of live changes to files of up to
     * {@code inline} bytes in the FileOperations ({@link FileOperation#content}).
     */
    record Subscribe(String clientId, Long since, List<String> paths, Integer inline) implements Message {
        public Subscribe {
            Objects.requireNonNull(clientId, "client_id");
            paths = paths == null ? null : List.copyOf(paths);
            if (inline != null && inline < 0) {
                throw new IllegalArgumentException("inline must not be negative: " + inline);
            }
        }

        public Subscribe(String clientId, Long since, List<String> paths) {
            this(clientId, since, paths, null);
        }

        public Subscribe(String clientId) {
            this(clientId, null, null);
        }
    }

    /**
     * Both ways: one change. From the server it carries the change log's {@code seq}, and,
     * for a subscriber that asked for it ({@link Subscribe#inline}), a small file's bytes as
     * committed by the Create or Update in {@code content} (null otherwise; the array is
     * never modified, and compared by its bytes).
     */
    record FileOperation(Operation operation, String sourceClient, Long seq, byte[] content) implements Message {
        public FileOperation {
            Objects.requireNonNull(operation, "operation");
        }

        public FileOperation(Operation operation, String sourceClient, Long seq) {
            this(operation, sourceClient, seq, null);
        }

        public FileOperation(Operation operation, String sourceClient) {
            this(operation, sourceClient, null);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FileOperation f && operation.equals(f.operation) && Objects.equals(sourceClient, f.sourceClient)
                    && Objects.equals(seq, f.seq) && Arrays.equals(content, f.content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(operation, sourceClient, seq, Arrays.hashCode(content));
        }

        @Override
        public String toString() {
            return "FileOperation[operation=" + operation + ", sourceClient=" + sourceClient + ", seq=" + seq
                    + (content == null ? "" : ", content=" + content.length + " bytes") + "]";
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
