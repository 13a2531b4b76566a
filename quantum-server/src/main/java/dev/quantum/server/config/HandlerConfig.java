package dev.quantum.server.config;

/** A handler of a route; one variant per name in the {@link Modules} registry. */
public sealed interface HandlerConfig permits FileSyncConfig, FileServerConfig {

    /** The name under which the registry knows this handler ({@code "handler"} in JSON). */
    String name();
}
