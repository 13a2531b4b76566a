package dev.quantum.server.api;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What answers {@code /ws} for a file_sync handler (the WebSocket hub). Same contract
 * as a Jetty handler: returns true when it took the request and will complete the
 * callback.
 */
@FunctionalInterface
public interface WsEndpoint {

    /**
     * The request attribute (a Boolean) set on an upgrade whose token only reads: its
     * connection may subscribe but refuses the changes it sends.
     */
    String READ_ONLY = "dev.quantum.ws.readOnly";

    boolean handle(Request request, Response response, Callback callback) throws Exception;

    /** Answers 501 until a hub is wired in. */
    WsEndpoint NOT_IMPLEMENTED = (request, response, callback) -> {
        Exchange.of(request, response, callback).error(501, "WebSocket support is not available in this build");
        return true;
    };
}
