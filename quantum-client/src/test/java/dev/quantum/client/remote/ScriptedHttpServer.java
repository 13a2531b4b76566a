package dev.quantum.client.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTP/1.1 server for tests that answers each request with the next scripted
 * text, byte for byte, and records the heads and bodies it received (chunked ones decoded) and
 * its connections. A request that expects {@code 100 Continue} gets it before its body is read,
 * unless the step {@linkplain #refuseEarly refuses early}.
 */
final class ScriptedHttpServer implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    private final ServerSocket socket;
    private final String scheme;
    private final BlockingQueue<Step> script = new LinkedBlockingQueue<>();

    private record Step(String answer, boolean close, Consumer<String> onHead, boolean readsBody) {
        Step(String answer, boolean close, Consumer<String> onHead) {
            this(answer, close, onHead, true);
        }
    }

    ScriptedHttpServer() throws IOException {
        this(null);
    }

    /** Serves over TLS with {@code tls}'s key when it is not null. */
    ScriptedHttpServer(SSLContext tls) throws IOException {
        this.scheme = tls == null ? "http" : "https";
        socket = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    URI base() {
        return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort() + "/base");
    }

    /** Answers the next request with {@code text} and keeps the connection. */
    ScriptedHttpServer answer(String text) {
        script.add(new Step(text, false, head -> { }));
        return this;
    }

    /** Answers the next request with {@code text} (null: nothing) and closes the connection. */
    ScriptedHttpServer answerAndClose(String text) {
        script.add(new Step(text, true, head -> { }));
        return this;
    }

    /** Runs {@code onHead} once the next request's head came, before its body is read; then answers and closes. */
    ScriptedHttpServer onHeadThenAnswerAndClose(Consumer<String> onHead, String text) {
        script.add(new Step(text, true, onHead));
        return this;
    }

    /**
     * Answers the next request with {@code text} as soon as its head came, without reading its
     * body (as a server without the endpoint does), and closes the connection; its body is recorded as empty.
     */
    ScriptedHttpServer refuseEarly(String text) {
        script.add(new Step(text, true, head -> { }, false));
        return this;
    }

    static String status(int status, String headers, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + " X\r\nContent-Length: " + bytes.length + "\r\n" + headers + "\r\n" + body;
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = head(in);
                if (head == null) {
                    return;
                }
                Step next = script.poll(20, TimeUnit.SECONDS);
                requests.add(head);
                next.onHead().accept(head);
                if (!next.readsBody()) {
                    bodies.add(new byte[0]);
                } else {
                    if (head.toLowerCase().contains("\r\nexpect: 100-continue\r\n")) {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                    bodies.add(body(head, in));
                }
                if (next.answer() != null) {
                    out.write(next.answer().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                if (next.close()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        } finally {
            closed.incrementAndGet();
        }
    }

    private static byte[] body(String head, InputStream in) throws IOException {
        if (head.toLowerCase().contains("\r\ntransfer-encoding: chunked\r\n")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(in).split(";")[0].strip(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                line(in);
            }
        }
        int length = head.lines().filter(l -> l.toLowerCase().startsWith("content-length: "))
                .mapToInt(l -> Integer.parseInt(l.substring(16).strip())).findFirst().orElse(0);
        return in.readNBytes(length);
    }

    /** One CRLF-ended line, without its end. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("the request ended inside a line");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
