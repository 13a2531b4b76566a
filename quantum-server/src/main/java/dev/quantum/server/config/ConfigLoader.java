package dev.quantum.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns Caddy-style JSON into a {@link QuantumConfig}: decode (types and names, with
 * the JSON path of every error), then validate (checks across handlers and servers).
 * Accepts the full form {@code {"apps":{"http":{"servers":{…}}}}} and the routes-only
 * shorthand {@code {"routes":[…]}}, which is one server {@code srv0} on {@code :8080}.
 */
public final class ConfigLoader {

    /** The name Caddy gives the server of a config that does not name it. */
    public static final String DEFAULT_SERVER = "srv0";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ConfigLoader() {
    }

    /** Reads and parses a config file; every problem is a {@link ConfigException}. */
    public static QuantumConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + describe(e));
        }
        return parse(text);
    }

    /** Parses config JSON text. */
    public static QuantumConfig parse(String json) {
        ConfigNode root = new ConfigNode(readTree(json), "");
        if (!root.raw().isObject()) {
            throw root.error("expected a JSON object");
        }
        Decoded decoded = root.has("apps") ? full(root) : shorthand(root);
        validate(decoded);
        return decoded.config();
    }

    /** The embedded default: {@code root} served on {@code listen}, file_sync for every path. */
    public static QuantumConfig embeddedDefault(String listen, String root) {
        String json = """
                {"apps":{"http":{"servers":{"%s":{"listen":[%s],
                 "routes":[{"match":[{"path":["/*"]}],"handle":[{"handler":"file_sync","root":%s}]}]}}}}}"""
                .formatted(DEFAULT_SERVER, quote(listen), quote(root));
        return parse(json);
    }

    private static String quote(String s) {
        return MAPPER.writeValueAsString(s);
    }

    private static JsonNode readTree(String json) {
        if (json == null || json.isBlank()) {
            throw new ConfigException("config: empty");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst().orElse("");
            int marker = message.indexOf(" (start marker");
            message = marker < 0 ? message : message.substring(0, marker);
            throw new ConfigException("config: malformed JSON" + where + ": " + message);
        }
    }

    /** The decoded config plus where each file_sync handler was found, for validation. */
    private record Decoded(QuantumConfig config, Map<String, FileSyncConfig> fileSyncAt) {
    }

    private static Decoded full(ConfigNode root) {
        root.object(Set.of("apps"));
        ConfigNode http = root.required("apps").object(Set.of("http")).required("http")
                .object(Set.of("servers", "grace_period"));
        ConfigNode serversNode = http.required("servers").object(Set.copyOf(http.required("servers").raw().propertyNames()));
        if (serversNode.raw().isEmpty()) {
            throw serversNode.error("needs at least one server");
        }
        Map<String, FileSyncConfig> fileSyncAt = new LinkedHashMap<>();
        Map<String, ServerConfig> servers = new LinkedHashMap<>();
        for (String name : serversNode.raw().propertyNames()) {
            ConfigNode server = serversNode.required(name).object(Set.of("listen", "routes", "tls"));
            List<ListenAddress> listen = listen(server.required("listen"));
            List<Route> routes = server.optional("routes").map(r -> routes(r, fileSyncAt)).orElse(List.of());
            servers.put(name, new ServerConfig(name, listen, routes, server.optional("tls").map(TlsConfig::decode)));
        }
        var grace = http.optional("grace_period").map(Units::duration).orElse(QuantumConfig.DEFAULT_GRACE_PERIOD);
        return new Decoded(new QuantumConfig(grace, servers), fileSyncAt);
    }

    private static Decoded shorthand(ConfigNode root) {
        if (!root.has("routes")) {
            throw root.error("expected \"apps\" (full Caddy form) or \"routes\" (shorthand)");
        }
        root.object(Set.of("routes"));
        Map<String, FileSyncConfig> fileSyncAt = new LinkedHashMap<>();
        List<Route> routes = routes(root.required("routes"), fileSyncAt);
        ServerConfig server = new ServerConfig(DEFAULT_SERVER, List.of(ListenAddress.parse(":8080")), routes);
        return new Decoded(new QuantumConfig(QuantumConfig.DEFAULT_GRACE_PERIOD, Map.of(DEFAULT_SERVER, server)), fileSyncAt);
    }

    private static List<ListenAddress> listen(ConfigNode node) {
        List<ConfigNode> items = node.asArray();
        if (items.isEmpty()) {
            throw node.error("needs at least one address");
        }
        List<ListenAddress> out = new ArrayList<>();
        for (ConfigNode item : items) {
            try {
                out.add(ListenAddress.parse(item.asString()));
            } catch (IllegalArgumentException e) {
                throw item.error(e.getMessage());
            }
        }
        return out;
    }

    private static List<Route> routes(ConfigNode node, Map<String, FileSyncConfig> fileSyncAt) {
        List<Route> routes = new ArrayList<>();
        for (ConfigNode route : node.asArray()) {
            route.object(Set.of("match", "handle"));
            List<MatcherSet> match = route.optional("match")
                    .map(m -> m.asArray().stream().map(Modules::matcherSet).toList()).orElse(List.of());
            ConfigNode handleNode = route.required("handle");
            List<HandlerConfig> handle = new ArrayList<>();
            for (ConfigNode h : handleNode.asArray()) {
                HandlerConfig handler = Modules.handler(h);
                if (handler instanceof FileSyncConfig sync) {
                    fileSyncAt.put(h.path(), sync);
                }
                handle.add(handler);
            }
            if (handle.isEmpty()) {
                throw handleNode.error("needs at least one handler");
            }
            routes.add(new Route(match, handle));
        }
        return routes;
    }

    private static void validate(Decoded decoded) {
        Map<String, String> listenedBy = new HashMap<>();
        for (ServerConfig server : decoded.config().servers().values()) {
            for (int i = 0; i < server.listen().size(); i++) {
                ListenAddress address = server.listen().get(i);
                String previous = address.port() == 0 ? null : listenedBy.putIfAbsent(address.toString(), server.name());
                if (previous != null) {
                    throw new ConfigException("apps.http.servers." + server.name() + ".listen[" + i + "]: "
                            + address + " is already used by server " + previous);
                }
            }
        }
        Map<Path, Map.Entry<String, FileSyncConfig>> byRoot = new HashMap<>();
        decoded.fileSyncAt().forEach((at, sync) -> {
            Path root = Path.of(sync.root()).toAbsolutePath().normalize();
            var first = byRoot.putIfAbsent(root, Map.entry(at, sync));
            if (first != null && (!first.getValue().versioning().equals(sync.versioning())
                    || !first.getValue().changeLog().equals(sync.changeLog()))) {
                throw new ConfigException(at + ": root " + sync.root() + " is also used by " + first.getKey()
                        + " with different versioning or change_log options");
            }
            if (first != null && !first.getValue().auth().equals(sync.auth())) {
                throw new ConfigException(at + ": root " + sync.root() + " is also used by " + first.getKey()
                        + " with a different auth option (one of them would leave the files open)");
            }
        });
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
