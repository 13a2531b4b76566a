package dev.quantum.server.ws;

import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Which browser origins may open /ws: requests without an {@code Origin} header
 * (non-browser clients) always may; browsers may from the server's own origin and from
 * the configured ones ({@code "*"} allows any). Immutable.
 */
record OriginPolicy(List<String> allowed) {

    boolean allows(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null || allowed.contains("*")) {
            return true;
        }
        String normalised = origin.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.toLowerCase(Locale.ROOT).equals(normalised)) {
                return true;
            }
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        return host != null && (normalised.equals("http://" + host.toLowerCase(Locale.ROOT))
                || normalised.equals("https://" + host.toLowerCase(Locale.ROOT)));
    }
}
