package dev.quantum.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One subscribed /ws connection of the load generator: a non-blocking channel driven only
 * by its {@link SelectorLoop}'s thread. It upgrades (checking the server's accept key),
 * sends Subscribe, waits for the Ack, then stores for each upload k the wall-clock
 * microsecond ({@link Clock}, the uploader's clock) at which the read holding the
 * FileOperation of {@link FanoutPayload#path}(k) returned. Every FileOperation must carry
 * a higher seq than the one before; a duplicate, a server Error or a protocol violation is
 * a problem in the generator's {@link Tally}. Server pings are answered, a close frame is
 * echoed. Small on purpose: there are ten thousand of these per JVM.
 */
final class Subscriber implements WsFrames.Handler {

    /** Upload numbers a run can use (0 … MAX_UPLOADS-1). */
    static final int MAX_UPLOADS = 256;

    private enum State { CONNECTING, UPGRADING, SUBSCRIBING, LIVE, CLOSED }

    private final String clientId;
    private final Tally tally;
    private final WsHandshake handshake = WsHandshake.random();
    private final long[] receipts = new long[MAX_UPLOADS];
    private Batch batch;
    private URI server;
    private SocketChannel channel;
    private SelectionKey key;
    private volatile State state = State.CONNECTING;
    private byte[] carry;
    private ByteBuffer output;
    private long lastSeq = -1;
    private long readMicros;

    Subscriber(String clientId, Tally tally, Batch batch) {
        this.clientId = clientId;
        this.tally = tally;
        this.batch = batch;
    }

    /** Opens the channel from {@code source} (port chosen by the kernel) towards {@code ws}. Loop thread only. */
    void open(Selector selector, String source, URI ws) throws IOException {
        server = ws;
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.bind(new InetSocketAddress(source, 0));
        boolean connected = channel.connect(new InetSocketAddress(ws.getHost(), ws.getPort()));
        key = channel.register(selector, SelectionKey.OP_CONNECT, this);
        if (connected) {
            connected();
        }
    }

    /** Handles what the selector found ready. Loop thread only; {@code scratch} is the loop's read buffer. */
    void ready(ByteBuffer scratch) {
        try {
            if (key.isConnectable() && channel.finishConnect()) {
                connected();
            }
            if (key.isValid() && key.isWritable()) {
                flush();
            }
            if (key.isValid() && key.isReadable()) {
                read(scratch);
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void connected() throws IOException {
        state = State.UPGRADING;
        key.interestOps(SelectionKey.OP_READ);
        send(ByteBuffer.wrap(handshake.request(server)));
    }

    private void read(ByteBuffer in) throws IOException {
        in.clear();
        if (carry != null) {
            in.put(carry);
            carry = null;
        }
        int n = channel.read(in);
        if (n < 0) {
            fail(new IOException("the server closed the connection without a close frame"));
            return;
        }
        readMicros = 0;
        in.flip();
        if (state == State.UPGRADING) {
            int frames = handshake.check(in);
            if (frames < 0) {
                keep(in);
                return;
            }
            in.position(frames);
            state = State.SUBSCRIBING;
            byte[] subscribe = ("{\"type\":\"Subscribe\",\"client_id\":\"" + clientId + "\"}").getBytes(StandardCharsets.UTF_8);
            send(WsFrames.masked(WsFrames.TEXT, subscribe));
        }
        if (WsFrames.parse(in, this)) {
            keep(in);
        }
    }

    private void keep(ByteBuffer in) throws WsProtocolException {
        if (in.hasRemaining()) {
            if (in.position() == 0 && in.limit() == in.capacity()) {
                throw new WsProtocolException("a server frame larger than the read buffer (" + in.capacity() + " bytes)");
            }
            carry = new byte[in.remaining()];
            in.get(carry);
        }
    }

    @Override
    public boolean frame(int opcode, ByteBuffer buffer, int from, int length) throws IOException {
        switch (opcode) {
            case WsFrames.TEXT -> text(buffer, from, from + length);
            case WsFrames.PING -> send(WsFrames.masked(WsFrames.PONG, WsFrames.copy(buffer, from, length)));
            case WsFrames.CLOSE -> {
                if (state == State.LIVE) {
                    tally.problem(clientId + " was closed by the server" + (length >= 2 ? " with code " + (buffer.getShort(from) & 0xffff) : ""));
                }
                send(WsFrames.masked(WsFrames.CLOSE, WsFrames.copy(buffer, from, Math.min(length, 2))));
                end(null);
                return false;
            }
            default -> {
                // pongs and binary frames carry nothing the generator needs
            }
        }
        return true;
    }

    private void text(ByteBuffer b, int from, int to) {
        if (state == State.SUBSCRIBING && FanoutPayload.isSubscribeAck(b, from, to)) {
            state = State.LIVE;
            tally.subscribed();
            settle();
            return;
        }
        int k = FanoutPayload.upload(b, from, to);
        if (k >= 0) {
            fileOperation(k, FanoutPayload.seq(b, from, to));
        } else if (k == FanoutPayload.OTHER_PATH) {
            fileOperation(-1, FanoutPayload.seq(b, from, to));
        } else if (FanoutPayload.isError(b, from, to)) {
            tally.problem(clientId + " got an Error: " + StandardCharsets.UTF_8.decode(b.slice(from, to - from)));
        }
    }

    private void fileOperation(int k, long seq) {
        if (seq <= lastSeq) {
            tally.problem(clientId + " got seq " + seq + " after seq " + lastSeq);
        }
        lastSeq = Math.max(lastSeq, seq);
        if (k < 0) {
            return;
        }
        if (k >= MAX_UPLOADS) {
            tally.problem(clientId + " got upload " + k + ", beyond the " + MAX_UPLOADS + " a run may use");
        } else if (receipts[k] != 0) {
            tally.problem(clientId + " got upload " + k + " twice");
        } else {
            if (readMicros == 0) {
                readMicros = Clock.micros();
            }
            receipts[k] = readMicros;
            tally.arrived(k);
        }
    }

    private void send(ByteBuffer frame) throws IOException {
        if (output != null) {
            ByteBuffer both = ByteBuffer.allocate(output.remaining() + frame.remaining()).put(output).put(frame).flip();
            output = both;
            return;
        }
        channel.write(frame);
        if (frame.hasRemaining()) {
            output = frame;
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private void flush() throws IOException {
        channel.write(output);
        if (!output.hasRemaining()) {
            output = null;
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void fail(Exception e) {
        if (state == State.LIVE) {
            tally.problem(clientId + " lost its connection: " + e.getMessage());
        } else if (state != State.CLOSED && e instanceof WsProtocolException) {
            tally.problem(clientId + ": " + e.getMessage());
        } else if (state != State.CLOSED) {
            tally.failure(clientId + " (" + state + "): " + e);
        }
        end(e);
    }

    private void end(Exception cause) {
        if (state == State.LIVE) {
            tally.unsubscribed();
        }
        state = State.CLOSED;
        settle();
        try {
            channel.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    /** Says goodbye (close frame 1000, best effort) and closes. Loop thread only. */
    void close() {
        if (state != State.CLOSED && channel != null) {
            try {
                channel.write(WsFrames.masked(WsFrames.CLOSE, new byte[] {0x03, (byte) 0xe8}));
            } catch (IOException e) {
                // closing anyway
            }
            end(null);
        }
    }

    /** A failure before the channel was registered (bind or connect refused). Loop thread only. */
    void failedToOpen(Exception e) {
        tally.failure(clientId + " could not open a socket: " + e);
        state = State.CLOSED;
        settle();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closed anyway
            }
        }
    }

    private void settle() {
        if (batch != null) {
            batch.settled();
            batch = null;
        }
    }

    /** When upload {@code k} arrived (wall-clock µs), or 0. Safe after {@link Tally#arrivals} counted it. */
    long receipt(int k) {
        return receipts[k];
    }

    /** Subscribed and still open. */
    boolean isLive() {
        return state == State.LIVE;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }
}
