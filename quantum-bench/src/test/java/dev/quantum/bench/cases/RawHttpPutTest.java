package dev.quantum.bench.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The push bench's bare uploader against a loopback server that answers scripted responses. */
class RawHttpPutTest {

    private final ServerSocket server = listen();
    private final CompletableFuture<String> received = new CompletableFuture<>();

    private static ServerSocket listen() {
        try {
            return new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Answers each request on one connection with the next of {@code answers}, then closes it. */
    private URI serve(List<String> answers) {
        Thread.ofPlatform().daemon().start(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder all = new StringBuilder();
                for (String answer : answers) {
                    all.append(request(in));
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                }
                received.complete(all.toString());
            } catch (IOException e) {
                received.completeExceptionally(e);
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Reads one request with a Content-Length body. */
    private static String request(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int at = text.toLowerCase().indexOf("content-length:");
        int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void puts_go_out_on_one_kept_alive_connection_and_their_answers_are_read_whole() throws Exception {
        URI base = serve(List.of("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        try (RawHttpPut put = new RawHttpPut(base)) {
            assertThat(put.put("/api/files/a.txt", "me", "hello".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(new RawHttpPut.Answer(201, "{\"a\":1}"));
            assertThat(put.put("/api/files/b.txt", "me", new byte[0])).isEqualTo(new RawHttpPut.Answer(200, ""));
        }

        assertThat(received.get()).startsWith("PUT /api/files/a.txt HTTP/1.1\r\n").contains("X-Client-Id: me\r\n")
                .contains("Content-Length: 5\r\n\r\nhello").contains("PUT /api/files/b.txt HTTP/1.1\r\n");
    }

    @Test
    void an_error_status_fails_with_the_status_and_the_servers_message() throws Exception {
        URI base = serve(List.of("HTTP/1.1 412 Precondition Failed\r\nContent-Length: 9\r\n\r\nfile gone"));
        try (RawHttpPut put = new RawHttpPut(base)) {
            assertThatThrownBy(() -> put.put("/api/files/a.txt", "me", new byte[1]))
                    .isInstanceOf(IOException.class).hasMessage("PUT /api/files/a.txt answered 412: file gone");
        }
    }

    @Test
    void a_response_without_content_length_is_refused_clearly() throws Exception {
        URI base = serve(List.of("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
        try (RawHttpPut put = new RawHttpPut(base)) {
            assertThatThrownBy(() -> put.put("/api/files/a.txt", "me", new byte[1]))
                    .isInstanceOf(IOException.class).hasMessageContaining("without Content-Length");
        }
    }

    @Test
    void a_connection_closed_in_the_middle_of_a_response_is_an_error() throws Exception {
        URI base = serve(List.of("HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\nshort"));
        try (RawHttpPut put = new RawHttpPut(base)) {
            assertThatThrownBy(() -> put.put("/api/files/a.txt", "me", new byte[1]))
                    .isInstanceOf(IOException.class).hasMessageContaining("closed the connection in the middle of a response");
        }
    }
}
