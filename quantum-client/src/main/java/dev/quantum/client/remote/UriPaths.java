package dev.quantum.client.remote;

import dev.quantum.core.RelativePath;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of synced paths for URLs: every byte but unreserved characters, segment by segment. */
final class UriPaths {

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private UriPaths() {
    }

    static String encode(RelativePath path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.value().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/' || UNRESERVED.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
