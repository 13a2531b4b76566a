package dev.quantum.bench.load;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's opening handshake (RFC 6455 section 4): a GET with a fresh
 * {@code Sec-WebSocket-Key}, and the check of the server's answer: status 101, an
 * {@code Upgrade: websocket} header and the {@code Sec-WebSocket-Accept} derived from the key.
 *
 * @param key the base64 of 16 random bytes sent as {@code Sec-WebSocket-Key}
 */
record WsHandshake(String key) {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** A response head longer than this is refused rather than buffered. */
    static final int MAX_HEAD = 8192;
    private static final byte[] END = {'\r', '\n', '\r', '\n'};

    WsHandshake {
        if (key == null || Base64.getDecoder().decode(key).length != 16) {
            throw new IllegalArgumentException("a Sec-WebSocket-Key is the base64 of 16 bytes: " + key);
        }
    }

    static WsHandshake random() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return new WsHandshake(Base64.getEncoder().encodeToString(nonce));
    }

    /** The upgrade request for {@code ws} (ws://HOST:PORT/PATH), as bytes to send. */
    byte[] request(URI ws) {
        String path = ws.getRawPath() == null || ws.getRawPath().isEmpty() ? "/" : ws.getRawPath();
        return ("GET " + path + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer to {@code key}. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * Checks the response head at the start of {@code in} (read mode, position 0). Returns
     * -1 when the head is not complete yet, else its length (the frames start there).
     *
     * @throws WsProtocolException when the server refused the upgrade or answered it wrongly
     */
    int check(ByteBuffer in) throws WsProtocolException {
        int end = WsFrames.indexOf(in, in.position(), in.limit(), END);
        if (end < 0) {
            if (in.remaining() >= MAX_HEAD) {
                throw new WsProtocolException("no end of the upgrade response within " + MAX_HEAD + " bytes");
            }
            return -1;
        }
        String head = StandardCharsets.ISO_8859_1.decode(in.slice(in.position(), end - in.position())).toString();
        String[] lines = head.split("\r\n");
        if (!lines[0].matches("HTTP/1\\.1 101( .*)?")) {
            throw new WsProtocolException("the server refused the WebSocket upgrade: " + lines[0]);
        }
        String upgrade = header(lines, "upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            throw new WsProtocolException("a 101 without 'Upgrade: websocket' (got " + upgrade + ")");
        }
        String accept = header(lines, "sec-websocket-accept");
        if (!accept(key).equals(accept)) {
            throw new WsProtocolException("a wrong Sec-WebSocket-Accept: expected " + accept(key) + ", got " + accept);
        }
        return end + END.length;
    }

    private static String header(String[] lines, String lowerCaseName) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                return lines[i].substring(colon + 1).trim();
            }
        }
        return null;
    }
}
