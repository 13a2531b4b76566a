package dev.quantum.server.config;

import java.util.List;

/**
 * One route: it applies when any of its matcher sets matches (or when it has none), and
 * then its handlers run in order until one handles the request. Immutable.
 */
public record Route(List<MatcherSet> match, List<HandlerConfig> handle) {
    public Route {
        match = List.copyOf(match);
        handle = List.copyOf(handle);
    }
}
