package dev.quantum.server.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The {@code file_server} handler: static files from {@code root}. Immutable. */
public record FileServerConfig(String root, List<String> indexNames) implements HandlerConfig {

    public static final String NAME = "file_server";

    public FileServerConfig {
        Objects.requireNonNull(root, "root");
        indexNames = List.copyOf(indexNames);
    }

    static FileServerConfig decode(ConfigNode node) {
        node.object(Set.of("handler", "root", "index_names"));
        return new FileServerConfig(
                node.required("root").asNonEmptyString(),
                node.optional("index_names").map(ConfigNode::asStrings).orElse(List.of("index.html")));
    }

    @Override
    public String name() {
        return NAME;
    }
}
