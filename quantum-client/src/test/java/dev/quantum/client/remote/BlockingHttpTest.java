package dev.quantum.client.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockingHttpTest {

    @TempDir
    Path dir;
    private final Scripted server = new Scripted();
    private BlockingHttp http;

    @AfterEach
    void close() throws IOException {
        if (http != null) {
            http.closeIdle();
        }
        server.close();
    }

    @Test
    void answers_with_a_length_reuse_one_connection() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
        http = server.client();

        try (BlockingHttp.Response first = get("/a")) {
            assertThat(first.status).isEqualTo(200);
            assertThat(first.header("x-a")).isEqualTo("1");
            assertThat(first.body.readAllBytes()).asString().isEqualTo("hello");
        }
        assertThat(get("/b").text(100)).isEqualTo("hi");

        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.getFirst()).startsWith("GET /a HTTP/1.1\r\nHost: 127.0.0.1:").contains("X-Test: yes\r\n");
    }

    @Test
    void a_chunked_answer_is_decoded_and_frees_the_connection() throws Exception {
        server.answer("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n4\r\ndefg\r\n0\r\nTrailer: t\r\n\r\n");
        server.answer("HTTP/1.1 204 No Content\r\n\r\n");
        http = server.client();

        BlockingHttp.Response response = get("/x");
        assertThat(response.status).isEqualTo(404);
        assertThat(response.text(100)).isEqualTo("abcdefg");
        assertThat(get("/y").text(100)).isEmpty();

        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void an_answer_without_a_length_ends_with_its_connection_which_is_not_reused() throws Exception {
        server.answerAndClose("HTTP/1.1 200 OK\r\n\r\nall of it");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        http = server.client();

        assertThat(get("/a").text(100)).isEqualTo("all of it");
        assertThat(get("/b").status).isEqualTo(200);

        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void a_request_on_a_connection_the_server_closed_meanwhile_is_sent_again_on_a_new_one() throws Exception {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1");
        server.closeAfterEach = true;
        http = server.client();
        assertThat(get("/a").text(10)).isEqualTo("1");
        server.awaitClosed(1);

        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2");
        assertThat(get("/b").text(10)).isEqualTo("2");

        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void a_file_body_is_sent_whole_with_its_length() throws Exception {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path file = dir.resolve("up.bin");
        Files.write(file, content);
        server.answer("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}");
        http = server.client();

        BlockingHttp.Response response = http.send(new BlockingHttp.Request("PUT", "/f", Map.of("If-None-Match", "*"), file));

        assertThat(response.status).isEqualTo(201);
        assertThat(response.text(10)).isEqualTo("{}");
        assertThat(server.requests.getFirst()).startsWith("PUT /f HTTP/1.1\r\n").contains("Content-Length: 300000\r\n");
        assertThat(server.bodies.getFirst()).isEqualTo(content);
    }

    @Test
    void a_body_cut_short_is_an_error_not_a_short_file() throws Exception {
        server.answerAndClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        http = server.client();

        BlockingHttp.Response response = get("/a");

        assertThatThrownBy(() -> response.body.readAllBytes()).isInstanceOf(EOFException.class)
                .hasMessageContaining("7 bytes before the end");
    }

    @Test
    void what_is_not_http_is_refused_with_what_came() throws Exception {
        server.answerAndClose("SSH-2.0-OpenSSH\r\n\r\n");
        server.answerAndClose("HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n");
        server.answerAndClose("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n");
        http = server.client();

        assertThatThrownBy(() -> get("/a")).isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x answer: 'SSH-2.0");
        assertThatThrownBy(() -> get("/b")).isInstanceOf(IOException.class).hasMessageContaining("bad Content-Length 'many'");
        assertThatThrownBy(() -> get("/c")).isInstanceOf(IOException.class).hasMessageContaining("bad HTTP header line");
    }

    @Test
    void no_server_is_an_io_error() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        http = new BlockingHttp("127.0.0.1", port, Duration.ofSeconds(2), Duration.ofSeconds(2));

        assertThatThrownBy(() -> get("/a")).isInstanceOf(IOException.class);
    }

    private BlockingHttp.Response get(String target) throws IOException {
        return http.send(new BlockingHttp.Request("GET", target, Map.of("X-Test", "yes"), null));
    }

    /** A loopback server that answers each request with the next scripted text. */
    private static final class Scripted implements AutoCloseable {
        final ServerSocket socket;
        final BlockingQueue<String[]> script = new LinkedBlockingQueue<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<byte[]> bodies = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        volatile boolean closeAfterEach;
        final Thread acceptor;

        Scripted() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            acceptor = Thread.ofVirtual().start(() -> {
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

        BlockingHttp client() {
            return new BlockingHttp("127.0.0.1", socket.getLocalPort(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        }

        void answer(String text) {
            script.add(new String[] {text, "keep"});
        }

        void answerAndClose(String text) {
            script.add(new String[] {text, "close"});
        }

        void awaitClosed(int count) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closed.get() < count && System.nanoTime() < end) {
                Thread.sleep(5);
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    String head = head(in);
                    if (head == null) {
                        return;
                    }
                    requests.add(head);
                    int length = head.lines().filter(l -> l.startsWith("Content-Length: "))
                            .mapToInt(l -> Integer.parseInt(l.substring(16))).findFirst().orElse(0);
                    bodies.add(in.readNBytes(length));
                    String[] next = script.poll(10, TimeUnit.SECONDS);
                    out.write(next[0].getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (next[1].equals("close") || closeAfterEach) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            } finally {
                closed.incrementAndGet();
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                head.write(c);
                String s = head.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r\n\r\n")) {
                    return s;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
