package dev.quantum.bench.load;

import java.io.IOException;

/** The server broke RFC 6455 (or sent what this minimal client does not support); the message says how. */
final class WsProtocolException extends IOException {

    WsProtocolException(String message) {
        super(message);
    }
}
