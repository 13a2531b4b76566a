package dev.quantum.server.ws;

import dev.quantum.protocol.Change;
import java.nio.ByteBuffer;

/**
 * A committed change on its way to subscribers, with its FileOperation frame payload
 * encoded once: each subscriber sends a {@link ByteBuffer#slice() slice} of it. Immutable.
 */
record Broadcast(Change change, ByteBuffer payload) {

    static Broadcast of(Change change) {
        return new Broadcast(change, Payloads.fileOperation(change));
    }
}
