package dev.quantum.server.http;

import dev.quantum.protocol.JsonCodec;
import dev.quantum.server.store.SyncStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /health} ({@code {"status":"ok","seq":HEAD,…}}, the head of the first
 * root's log, every root listed) and {@code GET /metrics} (Prometheus text), on every
 * server ahead of its routes. Thread-safe.
 */
final class OperationsHandler extends Handler.Abstract {

    private final List<SyncStore> stores;
    private final PrometheusMeterRegistry registry;
    private final String version;

    OperationsHandler(List<SyncStore> stores, PrometheusMeterRegistry registry, String version) {
        this.stores = List.copyOf(stores);
        this.registry = registry;
        this.version = version;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        boolean get = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (!get || !(path.equals("/health") || path.equals("/metrics"))) {
            return false;
        }
        String body;
        if (path.equals("/health")) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            body = health();
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            body = registry.scrape();
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.setStatus(200);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private String health() {
        ObjectNode node = JsonCodec.mapper().createObjectNode();
        node.put("status", "ok");
        node.put("seq", stores.isEmpty() ? 0 : stores.getFirst().head());
        node.put("version", version);
        ArrayNode roots = node.putArray("roots");
        for (SyncStore store : stores) {
            roots.addObject().put("root", store.root().toString()).put("seq", store.head());
        }
        return JsonCodec.toJson(node);
    }
}
