package dev.quantum.server.config;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The normalised form of a config: always the full Caddy form, every default spelled
 * out, durations and sizes canonical. Reading it back gives an equal config.
 */
public final class ConfigJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigJson() {
    }

    public static ObjectNode toJson(QuantumConfig config) {
        ObjectNode root = NODES.objectNode();
        ObjectNode http = root.putObject("apps").putObject("http");
        http.put("grace_period", Units.formatDuration(config.gracePeriod()));
        ObjectNode servers = http.putObject("servers");
        config.servers().forEach((name, server) -> {
            ObjectNode s = servers.putObject(name);
            ArrayNode listen = s.putArray("listen");
            server.listen().forEach(a -> listen.add(a.toString()));
            ArrayNode routes = s.putArray("routes");
            server.routes().forEach(r -> routes.add(route(r)));
            server.tls().ifPresent(tls -> {
                ObjectNode t = s.putObject("tls");
                if (tls.isInternal()) {
                    t.put("internal", true);
                } else {
                    t.put("certificate_file", tls.certificateFile().orElseThrow());
                    t.put("key_file", tls.keyFile().orElseThrow());
                }
            });
        });
        return root;
    }

    private static ObjectNode route(Route route) {
        ObjectNode node = NODES.objectNode();
        ArrayNode match = node.putArray("match");
        for (MatcherSet set : route.match()) {
            ObjectNode m = match.addObject();
            for (RequestMatcher matcher : set.matchers()) {
                switch (matcher) {
                    case PathMatcher p -> m.set("path", strings(p.patterns()));
                }
            }
        }
        ArrayNode handle = node.putArray("handle");
        route.handle().forEach(h -> handle.add(handler(h)));
        return node;
    }

    private static ObjectNode handler(HandlerConfig handler) {
        ObjectNode node = NODES.objectNode();
        node.put("handler", handler.name());
        switch (handler) {
            case FileSyncConfig f -> {
                node.put("root", f.root());
                node.put("enable_upload", f.enableUpload());
                node.put("max_file_size", f.maxFileSize());
                ObjectNode versioning = node.putObject("versioning");
                versioning.put("enabled", f.versioning().enabled());
                versioning.put("retention", Units.formatDuration(f.versioning().retention()));
                ObjectNode changeLog = node.putObject("change_log");
                changeLog.put("max_entries", f.changeLog().maxEntries());
                changeLog.put("max_age", Units.formatDuration(f.changeLog().maxAge()));
                node.put("heartbeat_interval", Units.formatDuration(f.heartbeatInterval()));
                node.put("connection_timeout", Units.formatDuration(f.connectionTimeout()));
                node.put("stale_sweep_interval", Units.formatDuration(f.staleSweepInterval()));
                node.put("max_frame_size", f.maxFrameSize());
                node.put("send_queue_limit", f.sendQueueLimit());
                node.set("allowed_origins", strings(f.allowedOrigins()));
                node.put("max_connections", f.maxConnections());
                node.put("max_messages_per_second", f.maxMessagesPerSecond());
                f.auth().ifPresent(auth -> node.set("auth", auth(auth)));
            }
            case FileServerConfig f -> {
                node.put("root", f.root());
                node.set("index_names", strings(f.indexNames()));
            }
        }
        return node;
    }

    private static ObjectNode auth(AuthConfig auth) {
        ObjectNode node = NODES.objectNode();
        if (!auth.tokens().isEmpty()) {
            ArrayNode tokens = node.putArray("tokens");
            auth.tokens().forEach(t -> tokens.addObject().put("token", t.token()).put("role", t.role().label()));
        }
        auth.jwt().ifPresent(jwt -> {
            ObjectNode j = node.putObject("jwt");
            j.put("secret", jwt.secret());
            jwt.issuer().ifPresent(i -> j.put("issuer", i));
            jwt.audience().ifPresent(a -> j.put("audience", a));
            j.put("role_claim", jwt.roleClaim());
        });
        return node;
    }

    private static JsonNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
