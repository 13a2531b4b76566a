package dev.quantum.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking WebSocket client (RFC 6455, text frames, no extensions) whose
 * per-message cost is a few byte comparisons, so that a one-connection throughput figure
 * measures the server rather than the client library (Jetty's client spends ~30 µs of CPU
 * per received message here). Framing and the handshake check are {@link WsFrames} and
 * {@link WsHandshake}, shared with the load generator; server pings are answered. Writes
 * are synchronized; {@link #read} is for one reader thread.
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
        WsHandshake handshake = WsHandshake.random();
        ByteBuffer out = ByteBuffer.wrap(handshake.request(ws));
        while (out.hasRemaining()) {
            ch.write(out);
        }
        RawWebSocket socket = new RawWebSocket(ch);
        try {
            socket.readHandshake(handshake);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    private void readHandshake(WsHandshake handshake) throws IOException {
        while (true) {
            if (channel.read(in) < 0) {
                throw new IOException("the server closed the connection during the handshake");
            }
            in.flip();
            int frames = handshake.check(in);
            if (frames >= 0) {
                in.position(frames);
                in.compact();
                return;
            }
            in.position(in.limit()).limit(in.capacity());
        }
    }

    /** Sends {@code text} as one masked text frame, {@code times} times in one write. */
    public synchronized void sendText(String text, int times) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(times * WsFrames.maskedSize(payload.length));
        for (int t = 0; t < times; t++) {
            WsFrames.putMasked(out, WsFrames.TEXT, payload, 0, payload.length);
        }
        write(out.flip());
    }

    private void write(ByteBuffer out) throws IOException {
        while (out.hasRemaining()) {
            channel.write(out);
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
        boolean open = WsFrames.parse(in, (opcode, buffer, from, length) -> switch (opcode) {
            case WsFrames.TEXT -> {
                visitor.text(buffer.slice(from, length));
                yield true;
            }
            case WsFrames.PING -> {
                pong(WsFrames.copy(buffer, from, length));
                yield true;
            }
            case WsFrames.CLOSE -> false;
            default -> true;
        });
        in.compact();
        if (open && !in.hasRemaining()) {
            throw new IOException("a frame larger than the read buffer");
        }
        return open;
    }

    private synchronized void pong(byte[] payload) throws IOException {
        write(WsFrames.masked(WsFrames.PONG, payload));
    }

    /** True when {@code payload} contains the ASCII bytes of {@code marker}. */
    public static boolean contains(ByteBuffer payload, byte[] marker) {
        return WsFrames.indexOf(payload, payload.position(), payload.limit(), marker) >= 0;
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
