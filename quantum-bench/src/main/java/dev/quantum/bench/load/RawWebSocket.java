package dev.quantum.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal blocking WebSocket client (RFC 6455, text frames, no extensions) whose
 * per-message cost is a few byte comparisons, so that a one-connection throughput figure
 * measures the server rather than the client library (Jetty's client spends ~30 µs of CPU
 * per received message here). Frames are parsed straight out of the read buffer; server
 * pings are answered. Writes are synchronized; {@link #read} is for one reader thread.
 */
public final class RawWebSocket implements AutoCloseable {

    /** Receives each text frame's payload (valid until the call returns). */
    @FunctionalInterface
    public interface TextVisitor {
        void text(ByteBuffer payload);
    }

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 20);

    private RawWebSocket(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects to {@code ws} (ws://127.0.0.1:PORT/ws) and completes the opening handshake. */
    public static RawWebSocket connect(URI ws) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(ws.getHost(), ws.getPort()));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + ws.getPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            ch.write(out);
        }
        RawWebSocket socket = new RawWebSocket(ch);
        socket.readHandshake();
        return socket;
    }

    private void readHandshake() throws IOException {
        while (true) {
            if (channel.read(in) < 0) {
                throw new IOException("the server closed the connection during the handshake");
            }
            String head = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            if (end >= 0) {
                if (!head.startsWith("HTTP/1.1 101")) {
                    throw new IOException("no WebSocket upgrade: " + head.lines().findFirst().orElse(""));
                }
                in.flip();
                in.position(end + 4);
                in.compact();
                return;
            }
        }
    }

    /** Sends {@code text} as one masked text frame, {@code times} times in one write. */
    public synchronized void sendText(String text, int times) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("only short frames: " + payload.length + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(times * (6 + payload.length));
        for (int t = 0; t < times; t++) {
            frame(out, 0x1, payload);
        }
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    private static void frame(ByteBuffer out, int opcode, byte[] payload) {
        out.put((byte) (0x80 | opcode));
        out.put((byte) (0x80 | payload.length));
        int mask = ThreadLocalRandom.current().nextInt();
        out.putInt(mask);
        for (int i = 0; i < payload.length; i++) {
            out.put((byte) (payload[i] ^ (mask >>> (24 - 8 * (i & 3)))));
        }
    }

    /**
     * Blocks for at least one read and hands every complete text frame to {@code visitor};
     * returns false when the server closed the connection.
     */
    public boolean read(TextVisitor visitor) throws IOException {
        if (channel.read(in) < 0) {
            return false;
        }
        in.flip();
        while (in.remaining() >= 2) {
            int start = in.position();
            int b0 = in.get(start) & 0xff;
            int b1 = in.get(start + 1) & 0x7f;
            int header = 2;
            long length = b1;
            if (b1 == 126) {
                header = 4;
                length = in.remaining() >= 4 ? in.getShort(start + 2) & 0xffff : -1;
            } else if (b1 == 127) {
                header = 10;
                length = in.remaining() >= 10 ? in.getLong(start + 2) : -1;
            }
            if (length < 0 || in.remaining() < header + length) {
                break;
            }
            ByteBuffer payload = in.slice(start + header, (int) length);
            in.position(start + header + (int) length);
            int opcode = b0 & 0x0f;
            if (opcode == 0x1) {
                visitor.text(payload);
            } else if (opcode == 0x9) {
                pong(payload);
            } else if (opcode == 0x8) {
                return false;
            }
        }
        in.compact();
        if (!in.hasRemaining()) {
            throw new IOException("a frame larger than the read buffer");
        }
        return true;
    }

    private synchronized void pong(ByteBuffer payload) throws IOException {
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        ByteBuffer out = ByteBuffer.allocate(6 + data.length);
        frame(out, 0xA, data);
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** True when {@code payload} contains the ASCII bytes of {@code marker}. */
    public static boolean contains(ByteBuffer payload, byte[] marker) {
        int limit = payload.limit() - marker.length;
        outer:
        for (int i = payload.position(); i <= limit; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (payload.get(i + j) != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
