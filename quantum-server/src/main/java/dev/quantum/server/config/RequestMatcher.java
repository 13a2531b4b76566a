package dev.quantum.server.config;

/** A request matcher of a route; one variant per name in the {@link Modules} registry. */
public sealed interface RequestMatcher permits PathMatcher {

    /** True when this matcher accepts {@code path} (the decoded request path). */
    boolean matches(String path);
}
