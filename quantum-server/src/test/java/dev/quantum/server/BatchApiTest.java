package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import dev.quantum.protocol.FileBatch;
import dev.quantum.protocol.FileBatch.Fetched;
import dev.quantum.protocol.FileBatch.Stored;
import dev.quantum.protocol.FileBatch.UploadAnswer;
import dev.quantum.protocol.FileBatch.UploadPart;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.protocol.Message;
import dev.quantum.testkit.TempFiles;
import dev.quantum.testkit.WsTestClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** POST /api/batch/upload and /api/batch/download against a real server: per-file results, all-or-nothing bad input. */
class BatchApiTest extends ServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void a_batch_upload_stores_each_file_as_its_own_change_pushed_to_others_but_not_the_uploader() throws Exception {
        try (WsTestClient uploader = WsTestClient.connect(server.ws()); WsTestClient other = WsTestClient.connect(server.ws())) {
            uploader.subscribe(new Message.Subscribe("laptop"));
            other.subscribe(new Message.Subscribe("phone"));
            Batch batch = new Batch();
            for (int i = 0; i < 20; i++) {
                batch.add("d" + i % 5 + "/f" + i + ".txt", "content " + i);
            }
            HttpResponse<String> answer = upload(batch.bytes(), "laptop");

            assertThat(answer.statusCode()).isEqualTo(200);
            UploadAnswer decoded = FileBatch.decodeUploadAnswer(answer.body());
            assertThat(decoded.results()).hasSize(20).allMatch(r -> r instanceof Stored.Done d && d.created());
            for (int i = 0; i < 20; i++) {
                assertThat(Files.readString(root.resolve("d" + i % 5 + "/f" + i + ".txt"))).isEqualTo("content " + i);
            }
            // 5 folders and 20 files, each a change of its own, in order
            assertThat(decoded.seq()).isEqualTo(25);
            Stored.Done first = (Stored.Done) decoded.results().getFirst();
            assertThat(first.firstSeq()).isEqualTo(1);
            assertThat(first.lastSeq()).isEqualTo(2);
            assertThat(first.metadata().hash()).isEqualTo(sha("content 0"));
            List<Message.FileOperation> pushed = other.fileOperations(25, WAIT);
            assertThat(pushed).extracting(Message.FileOperation::seq).containsExactlyElementsOf(
                    Stream.iterate(1L, s -> s + 1).limit(25).toList());
            assertThat(pushed).allMatch(op -> "laptop".equals(op.sourceClient()));
            assertThat(uploader.drain(Duration.ofMillis(300))).noneMatch(m -> m instanceof Message.FileOperation);
            assertThat(TempFiles.in(root.resolve(".quantum/tmp"))).isEmpty();
        }
    }

    @Test
    void each_file_meets_its_own_condition_and_fails_alone() throws Exception {
        server.put("kept.txt", "old");
        server.put("exists.txt", "here");
        server.put("folder/inside.txt", "x");
        Batch batch = new Batch()
                .add(new UploadPart(RelativePath.of("kept.txt"), 3, Optional.of(sha("old")), false), "new")
                .add(new UploadPart(RelativePath.of("exists.txt"), 4, Optional.empty(), true), "nope")
                .add(new UploadPart(RelativePath.of("stale.txt"), 2, Optional.of(sha("whatever")), false), "s2")
                .add(new UploadPart(RelativePath.of("folder"), 1, Optional.empty(), false), "f")
                .add(new UploadPart(RelativePath.of("fresh.txt"), 5, Optional.empty(), true), "fresh");
        long head = server.store().head();

        UploadAnswer answer = FileBatch.decodeUploadAnswer(upload(batch.bytes(), "laptop").body());

        assertThat(answer.results()).extracting(r -> r instanceof Stored.Refused f ? f.status() : ((Stored.Done) r).created() ? 201 : 200)
                .containsExactly(200, 412, 412, 409, 201);
        assertThat(((Stored.Refused) answer.results().get(1)).error()).isEqualTo("exists.txt already exists");
        assertThat(Files.readString(root.resolve("kept.txt"))).isEqualTo("new");
        assertThat(Files.readString(root.resolve("exists.txt"))).isEqualTo("here");
        assertThat(root.resolve("stale.txt")).doesNotExist();
        assertThat(Files.readString(root.resolve("fresh.txt"))).isEqualTo("fresh");
        assertThat(answer.seq()).isEqualTo(head + 2);
        assertThat(TempFiles.in(root.resolve(".quantum/tmp"))).isEmpty();
    }

    @Test
    void identical_content_commits_nothing_and_says_so() throws Exception {
        server.put("same.txt", "same");
        long head = server.store().head();
        UploadAnswer answer = FileBatch.decodeUploadAnswer(upload(new Batch().add("same.txt", "same").bytes(), null).body());
        assertThat(answer.results()).containsExactly(new Stored.Done(
                server.store().metadata(RelativePath.of("same.txt")).orElseThrow(), false, 0, 0));
        assertThat(server.store().head()).isEqualTo(head);
    }

    @Test
    void a_bad_batch_is_refused_whole_and_changes_nothing() throws Exception {
        Path outside = Files.createTempDirectory("outside");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Batch good = new Batch().add("a.txt", "a");
        byte[] truncated = new Batch().add("a.txt", "a").add(new UploadPart(RelativePath.of("b.txt"), 10, Optional.empty(), false), "short").bytes();
        List<byte[]> bad = List.of(
                concat(good.bytes(), "{\"path\":\"../x\",\"size\":1}\nx".getBytes(StandardCharsets.UTF_8)),
                truncated,
                concat(good.bytes(), good.bytes()),
                new Batch().add("a.txt", "a").add("link/inside.txt", "escape").bytes(),
                concat(good.bytes(), "not json\n".getBytes(StandardCharsets.UTF_8)));
        List<Integer> statuses = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (byte[] body : bad) {
            HttpResponse<String> r = upload(body, "laptop");
            statuses.add(r.statusCode());
            errors.add(JsonCodec.parse(r.body()).get("error").stringValue());
        }

        assertThat(statuses).containsOnly(400);
        assertThat(errors.get(0)).startsWith("file 2.path: invalid path");
        assertThat(errors.get(1)).isEqualTo("the batch ends inside the content of b.txt (5 of 10 bytes)");
        assertThat(errors.get(2)).isEqualTo("a.txt is sent twice in one batch");
        assertThat(errors.get(3)).contains("symbolic link");
        assertThat(server.store().head()).isZero();
        assertThat(root.resolve("a.txt")).doesNotExist();
        assertThat(outside.resolve("inside.txt")).doesNotExist();
        assertThat(TempFiles.in(root.resolve(".quantum/tmp"))).isEmpty();

        HttpResponse<String> wrongType = server.send(HttpRequest.newBuilder(server.uri("/api/batch/upload"))
                .header("Content-Type", "multipart/form-data; boundary=x").POST(HttpRequest.BodyPublishers.ofByteArray(good.bytes())));
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/batch/upload")).GET()).statusCode()).isEqualTo(405);
    }

    @Test
    void an_empty_batch_stores_nothing_and_answers_no_results() throws Exception {
        server.put("kept.txt", "kept");
        long head = server.store().head();
        HttpResponse<String> r = upload(new byte[0], "laptop");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(FileBatch.decodeUploadAnswer(r.body())).isEqualTo(new UploadAnswer(head, List.of()));
        assertThat(server.store().head()).isEqualTo(head);
    }

    @Test
    void a_file_over_the_size_limit_refuses_the_batch() throws Exception {
        server.close();
        server = TestServer.start(root, "\"max_file_size\": 4");
        HttpResponse<String> r = upload(new Batch().add("ok", "1234").add("big", "12345").bytes(), null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(root.resolve("ok")).doesNotExist();
        assertThat(server.store().head()).isZero();
    }

    @Test
    void a_batch_download_streams_each_file_in_order_or_says_why_not() throws Exception {
        server.put("a/one.txt", "one");
        server.put("two.bin", "second file");
        server.put("empty", "");
        List<String> paths = List.of("two.bin", "missing", "a", "empty", "a/one.txt");

        HttpResponse<byte[]> r = download(FileBatch.encodeDownloadRequest(paths.stream().map(RelativePath::of).toList()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(FileBatch.MEDIA_TYPE);
        FileBatch.Reader reader = FileBatch.reader(new ByteArrayInputStream(r.body()));
        List<String> seen = new ArrayList<>();
        for (Optional<Fetched> f; (f = reader.nextFetched()).isPresent(); ) {
            switch (f.get()) {
                case Fetched.Content c -> {
                    String body = new String(reader.content().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(c.metadata().hash()).isEqualTo(sha(body));
                    seen.add(c.path() + "=" + body);
                }
                case Fetched.Failed x -> seen.add(x.path() + ":" + x.status());
            }
        }
        assertThat(seen).containsExactly("two.bin=second file", "missing:404", "a:404", "empty=", "a/one.txt=one");
    }

    @Test
    void a_batch_download_sees_a_file_edited_on_the_server_disk() throws Exception {
        server.put("edited.txt", "before");
        Files.writeString(root.resolve("edited.txt"), "after the edit");
        HttpResponse<byte[]> r = download(FileBatch.encodeDownloadRequest(List.of(RelativePath.of("edited.txt"))));
        FileBatch.Reader reader = FileBatch.reader(new ByteArrayInputStream(r.body()));
        Fetched.Content c = (Fetched.Content) reader.nextFetched().orElseThrow();
        assertThat(new String(reader.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("after the edit");
        assertThat(c.metadata().hash()).isEqualTo(sha("after the edit"));
    }

    @Test
    void a_bad_download_request_is_a_400_before_anything_is_streamed() throws Exception {
        Files.createSymbolicLink(root.resolve("link"), Files.createTempDirectory("outside"));
        assertThat(download("{\"paths\":[\"ok\",\"../x\"]}").statusCode()).isEqualTo(400);
        assertThat(download("{\"paths\":[]}").statusCode()).isEqualTo(400);
        HttpResponse<byte[]> twice = download("{\"paths\":[\"a\",\"a\"]}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(new String(twice.body(), StandardCharsets.UTF_8)).contains("paths[1]: a is asked for twice");
        assertThat(download("{\"paths\":[\"link/x\"]}").statusCode()).isEqualTo(400);
        assertThat(new String(download("nope").body(), StandardCharsets.UTF_8)).contains("malformed JSON");
    }

    private HttpResponse<String> upload(byte[] body, String clientId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/batch/upload"))
                .header("Content-Type", FileBatch.MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (clientId != null) {
            request.header("X-Client-Id", clientId);
        }
        return server.send(request);
    }

    private HttpResponse<byte[]> download(String json) throws IOException, InterruptedException {
        return server.http().send(HttpRequest.newBuilder(server.uri("/api/batch/download"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha(String content) throws Exception {
        return Sha256.hex(content.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The body of an upload batch. */
    private static final class Batch {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Batch add(String path, String content) throws IOException {
            return add(new UploadPart(RelativePath.of(path), content.getBytes(StandardCharsets.UTF_8).length, Optional.empty(), false), content);
        }

        Batch add(UploadPart part, String content) throws IOException {
            FileBatch.writeHeader(out, part);
            out.write(content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
