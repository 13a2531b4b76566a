package dev.quantum.client.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A blocking HTTP/1.1 client over plain TCP to one server, for file transfers: the calling
 * thread writes the request and reads the answer itself (no hand-off between threads, which
 * on a busy machine costs milliseconds per request), keeps connections alive in a small
 * pool, sends file bodies with {@code sendfile}. Bodies come with a {@code Content-Length},
 * chunked, or up to the connection's end. A request that fails on a reused connection before
 * any answer came is sent once more on a new one (the server closes idle connections).
 * Thread-safe: each request holds its own connection.
 */
final class BlockingHttp {

    static final int MAX_IDLE = 16;
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_HEAD = 64 * 1024;

    private final InetSocketAddress address;
    private final String host;
    private final int connectMillis;
    private final int readMillis;
    private final Deque<Conn> idle = new ArrayDeque<>();

    BlockingHttp(String host, int port, Duration connectTimeout, Duration readTimeout) {
        this.address = new InetSocketAddress(host, port);
        this.host = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        this.connectMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readMillis = Math.toIntExact(readTimeout.toMillis());
    }

    /** One request: {@code target} is the raw path and query; {@code body} a file sent whole, or null. */
    record Request(String method, String target, Map<String, String> headers, Path body) {
        Request {
            headers = Map.copyOf(headers);
        }
    }

    /** An answer; header names are lower case. Close it (or read the body to its end) to free the connection. */
    static final class Response implements AutoCloseable {
        final int status;
        final Map<String, String> headers;
        final InputStream body;

        private Response(int status, Map<String, String> headers, InputStream body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The whole body as UTF-8 text (at most {@code limit} bytes kept), freeing the connection. */
        String text(int limit) throws IOException {
            try (body) {
                byte[] kept = body.readNBytes(limit);
                body.transferTo(OutputStream.nullOutputStream());
                return new String(kept, StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** Sends {@code request} and reads the answer's head; the body is left to the caller. */
    Response send(Request request) throws IOException {
        Conn conn = take();
        boolean reused = conn != null;
        if (conn == null) {
            conn = open();
        }
        try {
            return exchange(conn, request);
        } catch (NothingAnswered e) {
            conn.close();
            if (!reused) {
                throw e.failure;
            }
            Conn fresh = open();
            try {
                return exchange(fresh, request);
            } catch (NothingAnswered again) {
                fresh.close();
                throw again.failure;
            } catch (IOException | RuntimeException again) {
                fresh.close();
                throw again;
            }
        } catch (IOException | RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    /** Closes the idle connections. */
    void closeIdle() {
        synchronized (idle) {
            idle.forEach(Conn::close);
            idle.clear();
        }
    }

    /**
     * Writes the request and reads the answer's head. A server may answer (a failed
     * precondition, say) and close before the whole body is sent: that answer is read all the same.
     */
    private Response exchange(Conn conn, Request request) throws IOException {
        IOException writeFailure = null;
        try {
            writeRequest(conn, request);
            conn.out.flush();
        } catch (BodyChanged e) {
            throw e;
        } catch (IOException e) {
            writeFailure = e;
        }
        try {
            int first = conn.in.read();
            if (first < 0) {
                throw writeFailure != null ? writeFailure : new EOFException("the server closed the connection without answering");
            }
            conn.pushBack = first;
        } catch (IOException e) {
            throw new NothingAnswered(writeFailure != null ? writeFailure : e);
        }
        return readResponse(conn, request.method(), writeFailure == null);
    }

    private void writeRequest(Conn conn, Request request) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        request.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (request.body() == null) {
            head.append("\r\n");
            conn.out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (FileChannel file = FileChannel.open(request.body(), StandardOpenOption.READ)) {
            long size = file.size();
            head.append("Content-Length: ").append(size).append("\r\n\r\n");
            conn.out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            conn.out.flush();
            long sent = 0;
            while (sent < size) {
                long n = file.transferTo(sent, size - sent, conn.channel);
                if (n <= 0) {
                    throw new BodyChanged(request.body() + " got shorter while it was being sent");
                }
                sent += n;
            }
        }
    }

    private Response readResponse(Conn conn, String method, boolean reusable) throws IOException {
        String statusLine = conn.line();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x answer: '" + abbreviate(statusLine) + "'");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: '" + abbreviate(statusLine) + "'");
        }
        Map<String, String> headers = new TreeMap<>();
        for (String line = conn.line(); !line.isEmpty(); line = conn.line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad HTTP header line: '" + abbreviate(line) + "'");
            }
            headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        if (status / 100 == 1) {
            return readResponse(conn, method, reusable); // 100 Continue and friends: the real answer follows
        }
        boolean keepAlive = reusable && !"close".equalsIgnoreCase(headers.getOrDefault("connection", "")) && statusLine.startsWith("HTTP/1.1");
        InputStream body;
        String length = headers.get("content-length");
        if (method.equals("HEAD") || status == 204 || status == 304) {
            body = new Body(conn, 0, keepAlive);
        } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            body = new Chunked(conn, keepAlive);
        } else if (length != null) {
            try {
                body = new Body(conn, Long.parseLong(length), keepAlive);
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length '" + abbreviate(length) + "'");
            }
        } else {
            body = new Body(conn, -1, false);
        }
        return new Response(status, headers, body);
    }

    private Conn take() {
        synchronized (idle) {
            return idle.pollFirst();
        }
    }

    private void release(Conn conn) {
        synchronized (idle) {
            if (idle.size() < MAX_IDLE) {
                idle.addFirst(conn);
                return;
            }
        }
        conn.close();
    }

    private Conn open() throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(address, connectMillis);
            channel.socket().setSoTimeout(readMillis);
            return new Conn(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** A failure before any byte of the answer: the request may be sent again on a new connection. */
    private static final class NothingAnswered extends IOException {
        final IOException failure;

        NothingAnswered(IOException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    /** The file being sent changed size under us. */
    static final class BodyChanged extends IOException {
        BodyChanged(String message) {
            super(message);
        }
    }

    private static final class Conn {
        final SocketChannel channel;
        final InputStream in;
        final OutputStream out;
        int pushBack = -1;

        Conn(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.in = new BufferedInputStream(channel.socket().getInputStream(), BUFFER);
            this.out = new BufferedOutputStream(channel.socket().getOutputStream(), BUFFER);
        }

        int read() throws IOException {
            if (pushBack >= 0) {
                int b = pushBack;
                pushBack = -1;
                return b;
            }
            return in.read();
        }

        int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pushBack >= 0) {
                b[off] = (byte) pushBack;
                pushBack = -1;
                return 1;
            }
            return in.read(b, off, len);
        }

        /** One CRLF-terminated line of the head, as ISO-8859-1. */
        String line() throws IOException {
            StringBuilder s = new StringBuilder(64);
            while (true) {
                int c = read();
                if (c < 0) {
                    throw new EOFException("the connection ended inside the answer's head");
                }
                if (c == '\n') {
                    int end = s.length();
                    return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
                }
                if (s.length() >= MAX_HEAD) {
                    throw new IOException("the answer's head is longer than " + MAX_HEAD + " bytes");
                }
                s.append((char) c);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** A body of known length (or, with -1, up to the connection's end); frees the connection once read. */
    private final class Body extends InputStream {
        private final Conn conn;
        private final boolean reusable;
        private long remaining;
        private boolean done;

        Body(Conn conn, long length, boolean reusable) {
            this.conn = conn;
            this.remaining = length;
            this.reusable = reusable && length >= 0;
            if (length == 0) {
                finish(true);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            int want = remaining < 0 ? len : (int) Math.min(len, remaining);
            int n = conn.read(b, off, want);
            if (n < 0) {
                if (remaining < 0) {
                    finish(false);
                    return -1;
                }
                finish(false);
                throw new EOFException("the connection ended " + remaining + " bytes before the end of the body");
            }
            if (remaining > 0) {
                remaining -= n;
                if (remaining == 0) {
                    finish(true);
                }
            }
            return n;
        }

        @Override
        public void close() {
            if (!done) {
                finish(false);
            }
        }

        private void finish(boolean complete) {
            done = true;
            if (complete && reusable) {
                release(conn);
            } else {
                conn.close();
            }
        }
    }

    /** A chunked body; frees the connection after its last chunk and trailers. */
    private final class Chunked extends InputStream {
        private final Conn conn;
        private final boolean reusable;
        private long left;
        private boolean done;

        Chunked(Conn conn, boolean reusable) {
            this.conn = conn;
            this.reusable = reusable;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0 && !nextChunk()) {
                return -1;
            }
            int n = conn.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                done = true;
                conn.close();
                throw new EOFException("the connection ended inside a chunk");
            }
            left -= n;
            if (left == 0 && !conn.line().isEmpty()) {
                throw new IOException("a chunk does not end with CRLF");
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            String line = conn.line();
            int semicolon = line.indexOf(';');
            try {
                left = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size '" + abbreviate(line) + "'");
            }
            if (left < 0) {
                throw new IOException("bad chunk size '" + abbreviate(line) + "'");
            }
            if (left > 0) {
                return true;
            }
            while (!conn.line().isEmpty()) {
                // trailers are not used
            }
            done = true;
            if (reusable) {
                release(conn);
            } else {
                conn.close();
            }
            return false;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                conn.close();
            }
        }
    }
}
