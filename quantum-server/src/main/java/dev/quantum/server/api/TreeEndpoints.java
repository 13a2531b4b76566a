package dev.quantum.server.api;

import dev.quantum.core.RelativePath;
import dev.quantum.protocol.ChangesPage;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.ProtocolException;
import dev.quantum.server.store.PutResult;
import dev.quantum.server.store.SyncStore;
import java.io.IOException;
import tools.jackson.databind.JsonNode;

/** {@code /api/list}, {@code /api/mkdir/{path}}, {@code /api/move} and {@code /api/changes}. Thread-safe. */
final class TreeEndpoints {

    private static final int MAX_LIMIT = 100_000;

    private final SyncStore store;

    TreeEndpoints(SyncStore store) {
        this.store = store;
    }

    void list(Exchange ex) {
        SyncStore.Listing listing = store.list();
        ex.response().getHeaders().put(Exchange.SEQ, listing.head());
        ex.json(200, JsonCodec.encodeMetadataList(listing.entries()));
    }

    void mkdir(Exchange ex, RelativePath path) throws IOException {
        PutResult result = store.mkdir(path, ex.clientId());
        ex.committed(result.changes(), store::head);
        ex.json(result.created() ? 201 : 200, JsonCodec.encodeMetadata(result.metadata()));
    }

    void move(Exchange ex) throws IOException {
        JsonNode body = JsonCodec.parse(ex.jsonBody());
        if (!body.isObject()) {
            throw new ProtocolException("expected a JSON object {\"from\":…,\"to\":…}");
        }
        RelativePath from = RelativePath.of(stringField(body, "from"));
        RelativePath to = RelativePath.of(stringField(body, "to"));
        PutResult result = store.move(from, to, ex.clientId());
        ex.committed(result.changes(), store::head);
        ex.json(200, JsonCodec.encodeMetadata(result.metadata()));
    }

    void changes(Exchange ex) {
        long since = number(ex.query("since"), "since", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(ex.query("limit"), "limit", 1, MAX_LIMIT, Integer.MAX_VALUE);
        ChangesPage page = store.changes(since, limit);
        ex.response().getHeaders().put(Exchange.SEQ, page.seq());
        ex.json(200, JsonCodec.encodeChanges(page));
    }

    static String stringField(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            throw new ProtocolException(name + ": required");
        }
        if (!value.isString()) {
            throw new ProtocolException(name + ": expected a string");
        }
        return value.stringValue();
    }

    private static long number(String text, String name, long min, long max, long absent) {
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiException(400, name + " must be an integer from " + min + " to " + max);
    }
}
