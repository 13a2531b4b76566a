package dev.quantum.server.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one registry of handler and matcher names. A matcher is written either in Caddy's
 * native form ({@code {"path":["/api/*"]}}, the name is the key) or in the seeds' form
 * ({@code {"matcher":"path","paths":[…]}}, arguments named by the registry entry).
 */
final class Modules {

    /** A matcher name: how to decode its native value, and the argument field of the seeds' form. */
    record MatcherModule(Function<ConfigNode, RequestMatcher> decoder, String seedArgument) {
    }

    static final Map<String, Function<ConfigNode, HandlerConfig>> HANDLERS = new TreeMap<>(Map.of(
            FileSyncConfig.NAME, FileSyncConfig::decode,
            FileServerConfig.NAME, FileServerConfig::decode));

    static final Map<String, MatcherModule> MATCHERS = new TreeMap<>(Map.of(
            "path", new MatcherModule(PathMatcher::decode, "paths")));

    private Modules() {
    }

    static HandlerConfig handler(ConfigNode node) {
        node.object(Set.copyOf(node.raw().propertyNames()));
        ConfigNode name = node.required("handler");
        Function<ConfigNode, HandlerConfig> decoder = HANDLERS.get(name.asString());
        if (decoder == null) {
            throw name.error("unknown handler '" + name.asString() + "' (known: " + String.join(", ", HANDLERS.keySet()) + ")");
        }
        return decoder.apply(node);
    }

    static MatcherSet matcherSet(ConfigNode node) {
        node.object(Set.copyOf(node.raw().propertyNames()));
        if (node.has("matcher")) {
            ConfigNode name = node.required("matcher");
            MatcherModule module = module(name, name.asString());
            node.object(Set.of("matcher", module.seedArgument()));
            return new MatcherSet(java.util.List.of(module.decoder().apply(node.required(module.seedArgument()))));
        }
        if (node.raw().isEmpty()) {
            throw node.error("empty matcher set");
        }
        java.util.List<RequestMatcher> matchers = new java.util.ArrayList<>();
        for (String name : node.raw().propertyNames()) {
            ConfigNode value = node.required(name);
            matchers.add(module(value, name).decoder().apply(value));
        }
        return new MatcherSet(matchers);
    }

    private static MatcherModule module(ConfigNode at, String name) {
        MatcherModule module = MATCHERS.get(name);
        if (module == null) {
            throw at.error("unknown matcher '" + name + "' (known: " + String.join(", ", MATCHERS.keySet()) + ")");
        }
        return module;
    }
}
