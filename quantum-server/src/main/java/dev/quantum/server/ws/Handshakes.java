package dev.quantum.server.ws;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Leniency for hand-made handshakes: the seeds' troubleshooting command
 * ({@code curl -H "Upgrade: websocket" -H "Connection: upgrade" -H "Sec-WebSocket-Key: …"})
 * omits {@code Sec-WebSocket-Version}; RFC 6455 has only version 13, so we assume it.
 */
final class Handshakes {

    private Handshakes() {
    }

    static Request withDefaultVersion(Request request) {
        HttpFields headers = request.getHeaders();
        if (headers.contains(HttpHeader.SEC_WEBSOCKET_VERSION) || !headers.contains(HttpHeader.SEC_WEBSOCKET_KEY)) {
            return request;
        }
        HttpFields patched = HttpFields.build(headers).add(HttpHeader.SEC_WEBSOCKET_VERSION, "13").asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return patched;
            }
        };
    }
}
