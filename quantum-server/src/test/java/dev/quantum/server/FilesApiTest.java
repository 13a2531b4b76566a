package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Sha256;
import dev.quantum.protocol.ChangesPage;
import dev.quantum.protocol.JsonCodec;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** GET/PUT/DELETE of /api/files with ETags, ranges and preconditions, against a real server. */
class FilesApiTest extends ServerTest {

    static final String HELLO_SHA = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void upload_then_download_round_trips_with_a_strong_etag() throws Exception {
        HttpResponse<String> put = server.put("docs/hello.txt", "hello");
        assertThat(put.statusCode()).isEqualTo(201);
        FileMetadata m = JsonCodec.decodeMetadata(JsonCodec.parse(put.body()), "body");
        assertThat(m.hash()).isEqualTo(HELLO_SHA);
        assertThat(m.size()).isEqualTo(5);
        assertThat(put.headers().firstValue("ETag")).hasValue("\"" + HELLO_SHA + "\"");
        assertThat(Files.readString(root.resolve("docs/hello.txt"))).isEqualTo("hello");

        HttpResponse<String> get = server.get("/api/files/docs/hello.txt");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello");
        assertThat(get.headers().firstValue("ETag")).hasValue("\"" + HELLO_SHA + "\"");
        assertThat(get.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(get.headers().firstValue("Content-Length")).hasValue("5");
    }

    @Test
    void a_file_larger_than_the_transfer_buffers_round_trips_byte_for_byte() throws Exception {
        byte[] content = new byte[300_000];
        new SplittableRandom(7).nextBytes(content);
        String sha = Sha256.hex(content);
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(server.uri("/api/files/big/blob.bin"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(server.uri("/api/files/big/blob.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(server.uri("/api/files/big/blob.bin"))
                .header("Range", "bytes=65530-131080").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(JsonCodec.decodeMetadata(JsonCodec.parse(put.body()), "body").hash()).isEqualTo(sha);
        assertThat(Files.readAllBytes(root.resolve("big/blob.bin"))).isEqualTo(content);
        assertThat(get.body()).isEqualTo(content);
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 65530, 131081));
    }

    @Test
    void a_body_that_arrives_in_pieces_over_time_and_an_empty_body_are_stored_exactly() throws Exception {
        byte[] content = new byte[150_000];
        new SplittableRandom(11).nextBytes(content);
        URI base = server.base();
        String response;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("PUT /api/files/slow.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // Uneven chunks with pauses: the server waits for each, and the pieces it reads
            // do not line up with its buffers.
            int[] sizes = {1, 70_000, 3, 65_536, 14_460};
            int at = 0;
            for (int n : sizes) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(content, at, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                at += n;
                Thread.sleep(30);
            }
            assertThat(at).isEqualTo(content.length);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        HttpResponse<String> empty = server.put("empty.txt", "");

        assertThat(response).startsWith("HTTP/1.1 201");
        assertThat(Files.readAllBytes(root.resolve("slow.bin"))).isEqualTo(content);
        assertThat(response).contains(Sha256.hex(content));
        assertThat(empty.statusCode()).isEqualTo(201);
        assertThat(Files.size(root.resolve("empty.txt"))).isZero();
        assertThat(empty.body()).contains(Sha256.hex(new byte[0]));
    }

    @Test
    void second_upload_is_200_and_identical_content_commits_no_change() throws Exception {
        assertThat(server.put("a.bin", "one").statusCode()).isEqualTo(201);
        assertThat(server.put("a.bin", "two").statusCode()).isEqualTo(200);
        long head = server.store().head();
        HttpResponse<String> same = server.put("a.bin", "two");
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(server.store().head()).isEqualTo(head);
        assertThat(server.get("/api/files/a.bin").headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    }

    @Test
    void writes_answer_with_the_seqs_they_committed_or_the_head_when_nothing_changed() throws Exception {
        HttpResponse<String> created = server.put("w/a.txt", "one");
        assertThat(created.headers().firstValue("X-Quantum-First-Seq")).hasValue("1");
        assertThat(created.headers().firstValue("X-Quantum-Seq")).hasValue("2");
        HttpResponse<String> updated = server.put("w/a.txt", "two");
        assertThat(updated.headers().firstValue("X-Quantum-First-Seq")).hasValue("3");
        assertThat(updated.headers().firstValue("X-Quantum-Seq")).hasValue("3");
        HttpResponse<String> identical = server.put("w/a.txt", "two");
        assertThat(identical.headers().firstValue("X-Quantum-Seq")).hasValue("3");
        assertThat(identical.headers().firstValue("X-Quantum-First-Seq")).isEmpty();
        HttpResponse<String> deleted = server.delete("w/a.txt");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.headers().firstValue("X-Quantum-Seq")).hasValue("4");
        assertThat(server.store().head()).isEqualTo(4);
        assertThat(server.put("w/../x", "bad").headers().firstValue("X-Quantum-Seq")).isEmpty();
    }

    @Test
    void matching_if_none_match_gives_304() throws Exception {
        server.put("x.txt", "hello");
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/api/files/x.txt"))
                .header("If-None-Match", "\"" + HELLO_SHA + "\""));
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        HttpResponse<String> other = server.send(HttpRequest.newBuilder(server.uri("/api/files/x.txt"))
                .header("If-None-Match", "\"" + "0".repeat(64) + "\""));
        assertThat(other.statusCode()).isEqualTo(200);
    }

    @Test
    void ranges_are_served_as_206_and_impossible_ones_as_416() throws Exception {
        server.put("r.txt", "0123456789");
        assertRange("bytes=2-4", 206, "234", "bytes 2-4/10");
        assertRange("bytes=7-", 206, "789", "bytes 7-9/10");
        assertRange("bytes=-3", 206, "789", "bytes 7-9/10");
        assertRange("bytes=5-100", 206, "56789", "bytes 5-9/10");
        assertRange("bytes=0-1,4-5", 200, "0123456789", null);
        HttpResponse<String> bad = server.send(HttpRequest.newBuilder(server.uri("/api/files/r.txt")).header("Range", "bytes=10-"));
        assertThat(bad.statusCode()).isEqualTo(416);
        assertThat(bad.headers().firstValue("Content-Range")).hasValue("bytes */10");
        assertThat(bad.body()).contains("\"error\"");
    }

    private void assertRange(String range, int status, String body, String contentRange) throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/api/files/r.txt")).header("Range", range));
        assertThat(r.statusCode()).as(range).isEqualTo(status);
        assertThat(r.body()).as(range).isEqualTo(body);
        assertThat(r.headers().firstValue("Content-Range").orElse(null)).as(range).isEqualTo(contentRange);
    }

    @Test
    void head_gives_headers_without_a_body() throws Exception {
        server.put("h.txt", "hello");
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/api/files/h.txt"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).hasValue("5");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void if_match_makes_an_upload_conditional_on_the_current_version() throws Exception {
        server.put("c.txt", "hello");
        HttpResponse<String> stale = server.put("c.txt", "mine", "If-Match", "\"" + "0".repeat(64) + "\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.body()).contains("has changed");
        assertThat(Files.readString(root.resolve("c.txt"))).isEqualTo("hello");
        assertThat(server.put("c.txt", "mine", "If-Match", "\"" + HELLO_SHA + "\"").statusCode()).isEqualTo(200);
        assertThat(server.put("absent.txt", "x", "If-Match", "\"" + HELLO_SHA + "\"").statusCode()).isEqualTo(412);
        assertThat(root.resolve("absent.txt")).doesNotExist();
    }

    @Test
    void if_none_match_star_makes_an_upload_create_only() throws Exception {
        assertThat(server.put("n.txt", "first", "If-None-Match", "*").statusCode()).isEqualTo(201);
        HttpResponse<String> again = server.put("n.txt", "second", "If-None-Match", "*");
        assertThat(again.statusCode()).isEqualTo(412);
        assertThat(Files.readString(root.resolve("n.txt"))).isEqualTo("first");
    }

    @Test
    void delete_answers_204_then_404_and_honours_if_match() throws Exception {
        server.put("d.txt", "hello");
        assertThat(server.delete("d.txt", "If-Match", "\"" + "0".repeat(64) + "\"").statusCode()).isEqualTo(412);
        assertThat(root.resolve("d.txt")).exists();
        assertThat(server.delete("d.txt", "If-Match", "\"" + HELLO_SHA + "\"").statusCode()).isEqualTo(204);
        assertThat(root.resolve("d.txt")).doesNotExist();
        HttpResponse<String> gone = server.delete("d.txt");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).isEqualTo("{\"error\":\"d.txt not found\"}");
        assertThat(server.get("/api/files/d.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void deleting_a_folder_removes_it_recursively_as_one_change() throws Exception {
        server.put("f/a.txt", "a");
        server.put("f/sub/b.txt", "b");
        long head = server.store().head();
        assertThat(server.delete("f").statusCode()).isEqualTo(204);
        assertThat(root.resolve("f")).doesNotExist();
        ChangesPage page = JsonCodec.decodeChanges(server.get("/api/changes?since=" + head).body());
        assertThat(page.changes()).hasSize(1);
        assertThat(page.changes().getFirst().operation()).hasToString("Delete[path=f]");
    }

    @Test
    void uploading_below_a_file_or_over_a_folder_is_409() throws Exception {
        server.put("a", "file");
        HttpResponse<String> below = server.put("a/b", "x");
        assertThat(below.statusCode()).isEqualTo(409);
        assertThat(below.body()).isEqualTo("{\"error\":\"a is a file\"}");
        server.post("/api/mkdir/dir", "");
        assertThat(server.put("dir", "x").statusCode()).isEqualTo(409);
    }

    @Test
    void names_with_spaces_unicode_and_reserved_characters_work() throws Exception {
        List<String> names = List.of("with space.txt", "ünïcødé/日本.txt", "semi;colon.txt", "plus+sign.txt", "100%.txt",
                "hash#.txt", "q?.txt", "emoji 😀.txt");
        for (String name : names) {
            assertThat(server.put(name, name).statusCode()).as(name).isEqualTo(201);
            assertThat(server.get("/api/files/" + TestServer.encode(name)).body()).as(name).isEqualTo(name);
            assertThat(Files.readString(root.resolve(name))).isEqualTo(name);
        }
    }

    @Test
    void the_uploader_client_id_is_the_source_client_of_the_change() throws Exception {
        server.put("s.txt", "x", "X-Client-Id", "laptop-1");
        ChangesPage page = JsonCodec.decodeChanges(server.get("/api/changes?since=0").body());
        assertThat(page.changes().getLast().sourceClient()).isEqualTo("laptop-1");
    }
}
