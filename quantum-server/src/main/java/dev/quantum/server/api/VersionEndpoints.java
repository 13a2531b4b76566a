package dev.quantum.server.api;

import dev.quantum.core.RelativePath;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.ProtocolException;
import dev.quantum.server.store.PutResult;
import dev.quantum.server.store.SyncStore;
import dev.quantum.server.store.VersionInfo;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Kept versions: {@code GET /api/versions} (every path, deleted ones too: the trash),
 * {@code GET /api/versions/{path}} (newest first), {@code ?id=ID} (the content) and
 * {@code POST /api/versions/restore {"path","id"}}. Thread-safe.
 */
final class VersionEndpoints {

    private final SyncStore store;

    VersionEndpoints(SyncStore store) {
        this.store = store;
    }

    void list(Exchange ex, Optional<RelativePath> path) {
        String id = ex.query("id");
        if (id != null && path.isPresent()) {
            content(ex, path.get(), id);
            return;
        }
        ArrayNode array = JsonCodec.mapper().createArrayNode();
        store.versions(path).forEach(v -> array.add(json(v)));
        ex.json(200, JsonCodec.toJson(array));
    }

    private void content(Exchange ex, RelativePath path, String id) {
        SyncStore.VersionContent version = store.version(id).filter(v -> v.info().path().equals(path))
                .orElseThrow(() -> new ApiException(404, "no version " + id + " of " + path));
        var headers = ex.response().getHeaders();
        headers.put(HttpHeader.ETAG, EntityTags.of(version.info().hash()));
        headers.put(HttpHeader.CONTENT_TYPE, FileEndpoints.contentType(path));
        headers.put(HttpHeader.CONTENT_LENGTH, version.info().size());
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", "sandbox");
        ex.response().setStatus(200);
        if (version.info().size() == 0) {
            ex.response().write(true, null, ex.callback());
            return;
        }
        var pool = new ByteBufferPool.Sized(ex.request().getComponents().getByteBufferPool());
        Content.copy(Content.Source.from(pool, version.file()), ex.response(), ex.callback());
    }

    void restore(Exchange ex) throws IOException {
        JsonNode body = JsonCodec.parse(ex.jsonBody());
        if (!body.isObject()) {
            throw new ProtocolException("expected a JSON object {\"path\":…,\"id\":…}");
        }
        RelativePath path = RelativePath.of(TreeEndpoints.stringField(body, "path"));
        JsonNode idNode = body.get("id");
        String id = idNode != null && idNode.isIntegralNumber() ? idNode.asString() : TreeEndpoints.stringField(body, "id");
        PutResult result = store.restore(path, id, ex.clientId());
        ex.committed(result.changes(), store::head);
        ex.json(200, JsonCodec.encodeMetadata(result.metadata()));
    }

    static JsonNode json(VersionInfo v) {
        return JsonCodec.mapper().createObjectNode()
                .put("id", v.id())
                .put("path", v.path().value())
                .put("size", v.size())
                .put("modified", v.modified().toString())
                .put("hash", v.hash())
                .put("replaced_at", v.replacedAt().toString())
                .put("reason", v.reason());
    }
}
