package dev.quantum.client.remote;

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
    static final int BUFFER = 64 * 1024;
    static final int MAX_HEAD = 64 * 1024;

    private final InetSocketAddress address;
    private final String host;
    private final int connectMillis;
    private final int readMillis;
    private final Deque<HttpConnection> idle = new ArrayDeque<>();

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
        HttpConnection conn = take();
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
            HttpConnection fresh = open();
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
            idle.forEach(HttpConnection::close);
            idle.clear();
        }
    }

    /**
     * Writes the request and reads the answer's head. A server may answer (a failed
     * precondition, say) and close before the whole body is sent: that answer is read all the same.
     */
    private Response exchange(HttpConnection conn, Request request) throws IOException {
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

    private void writeRequest(HttpConnection conn, Request request) throws IOException {
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

    private Response readResponse(HttpConnection conn, String method, boolean reusable) throws IOException {
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
            body = new HttpBodies.Sized(conn, 0, keepAlive, this::release);
        } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            body = new HttpBodies.Chunked(conn, keepAlive, this::release);
        } else if (length != null) {
            try {
                body = new HttpBodies.Sized(conn, Long.parseLong(length), keepAlive, this::release);
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length '" + abbreviate(length) + "'");
            }
        } else {
            body = new HttpBodies.Sized(conn, -1, false, this::release);
        }
        return new Response(status, headers, body);
    }

    private HttpConnection take() {
        synchronized (idle) {
            return idle.pollFirst();
        }
    }

    private void release(HttpConnection conn) {
        synchronized (idle) {
            if (idle.size() < MAX_IDLE) {
                idle.addFirst(conn);
                return;
            }
        }
        conn.close();
    }

    private HttpConnection open() throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(address, connectMillis);
            channel.socket().setSoTimeout(readMillis);
            return new HttpConnection(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static String abbreviate(String s) {
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
}
