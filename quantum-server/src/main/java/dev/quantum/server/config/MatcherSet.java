package dev.quantum.server.config;

import java.util.List;

/** Matchers that must all match, as in one object of Caddy's {@code match} list. Immutable. */
public record MatcherSet(List<RequestMatcher> matchers) {
    public MatcherSet {
        matchers = List.copyOf(matchers);
    }

    /** True when every matcher accepts {@code path} (a decoded request path). */
    public boolean matches(String path) {
        return matchers.stream().allMatch(m -> m.matches(path));
    }
}
