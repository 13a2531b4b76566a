package dev.quantum.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A JSON value together with its path in the document ({@code routes[0].handle[1].root}),
 * so that every error names the place at fault. Immutable.
 */
final class ConfigNode {

    private final JsonNode node;
    private final String path;

    ConfigNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path.isEmpty() ? "config" : path;
    }

    JsonNode raw() {
        return node;
    }

    ConfigException error(String message) {
        return new ConfigException(path() + ": " + message);
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Checks that this is an object whose fields are all in {@code allowed}. */
    ConfigNode object(Set<String> allowed) {
        if (!node.isObject()) {
            throw error("expected an object");
        }
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw new ConfigException(child(name) + ": unknown field");
            }
        }
        return this;
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    Optional<ConfigNode> optional(String name) {
        return has(name) ? Optional.of(new ConfigNode(node.get(name), child(name))) : Optional.empty();
    }

    ConfigNode required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(child(name) + ": required"));
    }

    String asString() {
        if (!node.isString()) {
            throw error("expected a string");
        }
        return node.stringValue();
    }

    String asNonEmptyString() {
        String value = asString();
        if (value.isBlank()) {
            throw error("must not be empty");
        }
        return value;
    }

    boolean asBoolean() {
        if (!node.isBoolean()) {
            throw error("expected true or false");
        }
        return node.booleanValue();
    }

    long asLong(long min) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw error("expected an integer");
        }
        if (node.longValue() < min) {
            throw error("must be at least " + min);
        }
        return node.longValue();
    }

    int asInt(int min) {
        long value = asLong(min);
        if (value > Integer.MAX_VALUE) {
            throw error("must be at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    List<ConfigNode> asArray() {
        if (!node.isArray()) {
            throw error("expected an array");
        }
        List<ConfigNode> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new ConfigNode(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    List<String> asStrings() {
        return asArray().stream().map(ConfigNode::asString).toList();
    }
}
