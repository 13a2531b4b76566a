package dev.quantum.server.http;

import dev.quantum.server.config.MatcherSet;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One compiled route: when any matcher set accepts the decoded request path (or there
 * are none), its handlers run in order until one handles the request. Thread-safe.
 */
final class RouteHandler extends Handler.Wrapper {

    private final List<MatcherSet> match;

    RouteHandler(List<MatcherSet> match, Handler handlers) {
        super(handlers);
        this.match = List.copyOf(match);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!matches(request)) {
            return false;
        }
        return super.handle(request, response, callback);
    }

    private boolean matches(Request request) {
        if (match.isEmpty()) {
            return true;
        }
        String path = Request.getPathInContext(request);
        if (path == null) {
            path = request.getHttpURI().getPath();
        }
        for (MatcherSet set : match) {
            if (set.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
