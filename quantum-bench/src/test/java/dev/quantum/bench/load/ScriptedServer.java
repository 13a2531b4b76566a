package dev.quantum.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket "server" on a loopback port that a test drives by hand: it accepts, answers
 * the upgrade (rightly or not) and then reads and writes raw frames, so a test can split
 * and merge them at will. Not a server at all beyond that.
 */
final class ScriptedServer implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key: (\\S+)\r\n");

    private final ServerSocket listener;

    ScriptedServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/ws");
    }

    /** Accepts one connection and answers its upgrade with the accept key of its own key, or a wrong one. */
    Socket accept(boolean rightAccept) throws IOException {
        Socket s = listener.accept();
        s.setSoTimeout(30_000);
        String head = readHead(s.getInputStream());
        Matcher m = KEY.matcher(head);
        assertThat(m.find()).as(head).isTrue();
        String accept = rightAccept ? WsHandshake.accept(m.group(1)) : WsHandshake.accept(WsHandshake.random().key());
        s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the request head");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one small masked client frame; returns "opcode:unmasked payload". */
    static String readClientFrame(InputStream in) throws IOException {
        byte[] two = in.readNBytes(2);
        if (two.length < 2) {
            throw new IOException("the client closed the connection");
        }
        int length = two[1] & 0x7f;
        byte[] rest = in.readNBytes(4 + length);
        return (two[0] & 0x0f) + ":" + new String(ServerFrames.unmask(ServerFrames.concat(two, rest)), StandardCharsets.UTF_8);
    }

    /** A FileOperation for fan-out upload {@code k}, as the server's codec writes it. */
    static String fileOperation(int k, long seq) {
        return "{\"type\":\"FileOperation\",\"operation\":{\"Create\":{\"metadata\":{\"path\":\"" + FanoutPayload.path(k)
                + "\",\"size\":3,\"modified\":\"2026-11-22T01:00:00Z\",\"hash\":\"h\",\"is_directory\":false}}},"
                + "\"source_client\":\"up\",\"seq\":" + seq + "}";
    }

    static final String SUBSCRIBE_ACK = "{\"type\":\"Ack\",\"operation_id\":\"subscribe\"}";

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
