package dev.quantum.client.remote;

import static dev.quantum.client.remote.ScriptedHttpServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.client.sync.Answer;
import dev.quantum.client.sync.Committed;
import dev.quantum.client.sync.RemoteException;
import dev.quantum.client.sync.RemoteServer;
import dev.quantum.core.FileMetadata;
import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import dev.quantum.protocol.FileBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches of small files over a real loopback connection to a scripted server: the bytes sent, the answers read. */
class BatchTransfersTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String OLD = "cd".repeat(32);
    private static final RelativePath A = RelativePath.of("a.txt");
    private static final RelativePath B = RelativePath.of("d/b.txt");
    private static final RelativePath C = RelativePath.of("c.txt");
    private static final String BATCH = "Content-Type: " + FileBatch.MEDIA_TYPE + "\r\n";

    @TempDir
    Path dir;
    private ScriptedHttpServer server;
    private Transfers transfers;
    private HttpRemoteServer remote;

    @AfterEach
    void close() throws IOException {
        if (transfers != null) {
            transfers.close();
        }
        if (remote != null) {
            remote.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- upload ------------------------------------------------------------------------

    @Test
    void an_upload_batch_sends_one_record_per_file_with_its_condition_and_the_client_id() throws Exception {
        List<RemoteServer.Upload> uploads = List.of(upload(A, "first", Optional.empty()),
                upload(B, "second", Optional.of(OLD)), upload(C, "", Optional.empty()));
        server().answer(status(200, "", answer(9, done(A, "first", true, 5, 6), done(B, "second", false, 7, 7),
                done(C, "", false, 0, 0))));

        List<Answer<RemoteServer.Uploaded>> answers = transfers.uploadAll(uploads, "/api/batch/upload",
                Map.of("X-Client-Id", "me"));

        assertThat(server.requests.getFirst()).startsWith("POST /base/api/batch/upload HTTP/1.1\r\n")
                .contains("X-Client-Id: me\r\n", BATCH, "Transfer-Encoding: chunked\r\n", "Expect: 100-continue\r\n",
                        "User-Agent: test/1\r\n");
        FileBatch.Reader sent = FileBatch.reader(new ByteArrayInputStream(server.bodies.getFirst()));
        assertThat(sent.nextUpload()).contains(new FileBatch.UploadPart(A, 5, Optional.empty(), true));
        assertThat(sent.content().readAllBytes()).asString().isEqualTo("first");
        assertThat(sent.nextUpload()).contains(new FileBatch.UploadPart(B, 6, Optional.of(OLD), false));
        assertThat(sent.content().readAllBytes()).asString().isEqualTo("second");
        assertThat(sent.nextUpload()).contains(new FileBatch.UploadPart(C, 0, Optional.empty(), true));
        assertThat(sent.nextUpload()).isEmpty();

        assertThat(answers).extracting(Answer::path).containsExactly(A, B, C);
        RemoteServer.Uploaded a = answers.get(0).get();
        assertThat(a.metadata()).isEqualTo(metadata(A, "first"));
        assertThat(a.committed()).isEqualTo(new Committed(5, 6));
        assertThat(a.sent()).isEqualTo(Sha256.hex("first".getBytes(StandardCharsets.UTF_8)));
        assertThat(answers.get(1).get().committed()).isEqualTo(new Committed(7, 7));
        assertThat(answers.get(2).get().committed()).as("already there: nothing committed").isEqualTo(Committed.UNKNOWN);
        assertThat(answers.get(2).get().sent()).isEqualTo(Sha256.hex(new byte[0]));
    }

    @Test
    void a_file_refused_in_an_upload_batch_fails_alone_as_its_single_upload_would() throws Exception {
        List<RemoteServer.Upload> uploads = List.of(upload(A, "a", Optional.of(OLD)), upload(B, "b", Optional.empty()),
                upload(C, "c", Optional.empty()));
        server().answer(status(200, "", answer(4, new FileBatch.Stored.Refused(A, 412, "changed"),
                new FileBatch.Stored.Refused(B, 409, "a folder is there"), done(C, "c", true, 4, 4))));

        List<Answer<RemoteServer.Uploaded>> answers = transfers.uploadAll(uploads, "/api/batch/upload", Map.of());

        assertThatThrownBy(() -> answers.get(0).get()).isInstanceOf(RemoteException.Stale.class)
                .hasMessageContaining("a.txt changed on the server");
        assertThatThrownBy(() -> answers.get(1).get()).isInstanceOfSatisfying(RemoteException.Rejected.class,
                r -> assertThat(r.status()).isEqualTo(409)).hasMessageContaining("PUT d/b.txt failed: 409 a folder is there");
        assertThat(answers.get(2).get().metadata()).isEqualTo(metadata(C, "c"));
    }

    @Test
    void a_file_that_vanished_before_it_was_read_is_left_out_of_the_batch_and_stale() throws Exception {
        RemoteServer.Upload gone = new RemoteServer.Upload(B, dir.resolve("gone"), Optional.empty());
        List<RemoteServer.Upload> uploads = List.of(upload(A, "a", Optional.empty()), gone, upload(C, "c", Optional.empty()));
        server().answer(status(200, "", answer(2, done(A, "a", true, 1, 1), done(C, "c", true, 2, 2))));

        List<Answer<RemoteServer.Uploaded>> answers = transfers.uploadAll(uploads, "/api/batch/upload", Map.of());

        FileBatch.Reader sent = FileBatch.reader(new ByteArrayInputStream(server.bodies.getFirst()));
        assertThat(sent.nextUpload()).map(FileBatch.UploadPart::path).contains(A);
        assertThat(sent.nextUpload()).map(FileBatch.UploadPart::path).contains(C);
        assertThat(sent.nextUpload()).isEmpty();
        assertThat(answers.get(0).get().committed()).isEqualTo(new Committed(1, 1));
        assertThatThrownBy(() -> answers.get(1).get()).isInstanceOf(RemoteException.Stale.class)
                .hasMessageContaining("d/b.txt vanished locally");
        assertThat(answers.get(2).get().committed()).isEqualTo(new Committed(2, 2));
    }

    @Test
    void an_upload_answer_that_does_not_match_the_files_sent_refuses_each_of_them() throws Exception {
        List<RemoteServer.Upload> uploads = List.of(upload(A, "a", Optional.empty()), upload(C, "c", Optional.empty()));
        server().answer(status(200, "", answer(1, done(A, "a", true, 1, 1))))
                .answer(status(200, "", answer(2, done(C, "c", true, 1, 1), done(A, "a", true, 2, 2))));

        for (int i = 0; i < 2; i++) {
            List<Answer<RemoteServer.Uploaded>> answers = transfers.uploadAll(uploads, "/api/batch/upload", Map.of());

            assertThat(answers).hasSize(2).allSatisfy(a -> assertThatThrownBy(a::get)
                    .isInstanceOf(RemoteException.Rejected.class).hasMessageContaining("unexpected answer from the server"));
        }
    }

    @Test
    void a_batch_refused_as_a_whole_is_each_files_refusal_and_a_gateway_error_fails_it() throws Exception {
        List<RemoteServer.Upload> uploads = List.of(upload(A, "a", Optional.empty()), upload(C, "c", Optional.empty()));
        server().answer(status(403, "", "{\"error\":\"uploads are disabled\"}"))
                .answer(status(403, "", "{\"error\":\"not yours\"}"))
                .answer(status(503, "", ""))
                .answer(status(307, "Location: /elsewhere\r\n", ""));

        assertThat(transfers.uploadAll(uploads, "/api/batch/upload", Map.of())).hasSize(2)
                .allSatisfy(a -> assertThatThrownBy(a::get).isInstanceOfSatisfying(RemoteException.Rejected.class,
                        r -> assertThat(r.status()).isEqualTo(403)).hasMessageContaining("uploads are disabled"));
        List<Answer<java.io.InputStream>> received = new ArrayList<>();
        transfers.downloadAll(List.of(A, C), "/api/batch/download", received::add);
        assertThat(received).extracting(Answer::path).containsExactly(A, C);
        assertThat(received).allSatisfy(a -> assertThatThrownBy(a::get).isInstanceOf(RemoteException.Rejected.class)
                .hasMessageContaining("not yours"));
        assertThatThrownBy(() -> transfers.uploadAll(uploads, "/api/batch/upload", Map.of()))
                .isInstanceOf(RemoteException.Unavailable.class);
        assertThatThrownBy(() -> transfers.uploadAll(uploads, "/api/batch/upload", Map.of()))
                .isInstanceOf(Transfers.Redirected.class);
    }

    @Test
    void a_server_without_batches_gets_the_files_one_by_one_for_the_rest_of_the_run() throws Exception {
        server = new ScriptedHttpServer();
        remote = new HttpRemoteServer(HttpClient.newHttpClient(), ServerAddress.parse(server.base().toString()), "me",
                Optional.empty(), "1");
        String head = "X-Quantum-First-Seq: 3\r\nX-Quantum-Seq: 3\r\n";
        server.refuseEarly(status(404, "", "{\"error\":\"no such API endpoint: /api/batch/upload\"}"))
                .answer(status(201, head, metadataJson(A, "a")))
                .answer(status(201, head, metadataJson(C, "c")))
                .answer(status(200, "", "content of b"));

        List<Answer<RemoteServer.Uploaded>> answers = remote.uploadAll(List.of(upload(A, "a", Optional.empty()),
                upload(C, "c", Optional.empty())));
        List<String> received = new ArrayList<>();
        remote.downloadAll(List.of(B), answer -> received.add(read(answer)));

        assertThat(answers.get(0).get().metadata()).isEqualTo(metadata(A, "a"));
        assertThat(answers.get(1).get().committed()).isEqualTo(new Committed(3, 3));
        assertThat(received).containsExactly("d/b.txt: content of b");
        assertThat(server.requests).extracting(r -> r.lines().findFirst().orElseThrow()).containsExactly(
                "POST /base/api/batch/upload HTTP/1.1", "PUT /base/api/files/a.txt HTTP/1.1",
                "PUT /base/api/files/c.txt HTTP/1.1", "GET /base/api/files/d/b.txt HTTP/1.1");
        assertThat(server.requests.get(1)).contains("If-None-Match: *\r\n", "X-Client-Id: me\r\n");
    }

    @Test
    void a_batch_with_a_file_over_the_servers_limit_goes_one_by_one_and_batches_go_on() throws Exception {
        server = new ScriptedHttpServer();
        remote = new HttpRemoteServer(HttpClient.newHttpClient(), ServerAddress.parse(server.base().toString()), "me",
                Optional.empty(), "1");
        server.answer(status(413, "", "{\"error\":\"c.txt is over the size limit\"}"))
                .answer(status(201, "", metadataJson(A, "a")))
                .answer(status(413, "", "{\"error\":\"too big\"}"))
                .answer(status(200, "", answer(1, done(A, "a", false, 0, 0))));

        List<Answer<RemoteServer.Uploaded>> answers = remote.uploadAll(List.of(upload(A, "a", Optional.empty()),
                upload(C, "c", Optional.empty())));
        remote.uploadAll(List.of(upload(A, "a", Optional.empty())));

        assertThat(answers.get(0).get().metadata()).isEqualTo(metadata(A, "a"));
        assertThatThrownBy(() -> answers.get(1).get()).isInstanceOfSatisfying(RemoteException.Rejected.class,
                r -> assertThat(r.status()).isEqualTo(413));
        assertThat(server.requests).extracting(r -> r.lines().findFirst().orElseThrow()).containsExactly(
                "POST /base/api/batch/upload HTTP/1.1", "PUT /base/api/files/a.txt HTTP/1.1",
                "PUT /base/api/files/c.txt HTTP/1.1", "POST /base/api/batch/upload HTTP/1.1");
    }

    // ---- download ----------------------------------------------------------------------

    @Test
    void a_download_batch_asks_for_the_paths_and_hands_over_each_file_in_order_or_why_it_has_none() throws Exception {
        RelativePath changing = RelativePath.of("changing.txt");
        RelativePath refused = RelativePath.of("refused.txt");
        byte[] body = stream(content(A, "alpha"), new FileBatch.Fetched.Failed(B, 404, "no such file"),
                content(C, "gamma"), new FileBatch.Fetched.Failed(changing, 409, "changing.txt is changing; try again"),
                new FileBatch.Fetched.Failed(refused, 403, "not yours"));
        server().answer(status(200, BATCH, new String(body, StandardCharsets.UTF_8)));
        List<String> received = new ArrayList<>();

        transfers.downloadAll(List.of(A, B, C, changing, refused), "/api/batch/download",
                answer -> received.add(read(answer)));

        assertThat(received).containsExactly("a.txt: alpha", "d/b.txt: Stale d/b.txt is no longer on the server",
                "c.txt: gamma", "changing.txt: Stale changing.txt is changing on the server: changing.txt is changing; try again",
                "refused.txt: Rejected GET refused.txt failed: 403 not yours");
        assertThat(server.requests.getFirst()).startsWith("POST /base/api/batch/download HTTP/1.1\r\n")
                .contains("Content-Type: application/json", "User-Agent: test/1\r\n");
        assertThat(new String(server.bodies.getFirst(), StandardCharsets.UTF_8))
                .isEqualTo("{\"paths\":[\"a.txt\",\"d/b.txt\",\"c.txt\",\"changing.txt\",\"refused.txt\"]}");
    }

    @Test
    void a_file_the_receiver_reads_only_in_part_is_skipped_to_the_next() throws Exception {
        server().answer(status(200, BATCH, new String(stream(content(A, "x".repeat(100_000)), content(C, "gamma")),
                StandardCharsets.UTF_8))).answer(status(200, "", "next"));
        List<String> received = new ArrayList<>();

        transfers.downloadAll(List.of(A, C), "/api/batch/download", answer -> {
            try (InputStream in = answer.get()) {
                received.add(new String(in.readNBytes(3), StandardCharsets.UTF_8));
            } catch (IOException | RemoteException e) {
                throw new AssertionError(e);
            }
        });

        assertThat(received).containsExactly("xxx", "gam");
        assertThat(read(transfers.download(A, "/next"))).isEqualTo("next");
        assertThat(server.connections.get()).as("the whole answer was read: the connection is kept").isEqualTo(1);
    }

    @Test
    void a_download_batch_that_breaks_off_inside_a_file_is_unavailable() throws Exception {
        byte[] body = stream(content(A, "alpha"), content(C, "gamma"));
        server().answerAndClose("HTTP/1.1 200 OK\r\n" + BATCH + "Content-Length: " + (body.length + 50) + "\r\n\r\n"
                + new String(body, 0, body.length - 2, StandardCharsets.UTF_8));
        List<String> received = new ArrayList<>();

        assertThatThrownBy(() -> transfers.downloadAll(List.of(A, C), "/api/batch/download",
                answer -> received.add(read(answer)))).isInstanceOf(RemoteException.Unavailable.class)
                .hasMessageContaining("broke off");
        assertThat(received).hasSize(2).first().isEqualTo("a.txt: alpha");
        assertThat(received.get(1)).startsWith("c.txt: failed");
    }

    @Test
    void a_download_batch_that_ends_before_every_path_was_answered_is_unavailable() throws Exception {
        server().answer(status(200, BATCH, new String(stream(content(A, "alpha")), StandardCharsets.UTF_8)));
        List<String> received = new ArrayList<>();

        assertThatThrownBy(() -> transfers.downloadAll(List.of(A, C), "/api/batch/download",
                answer -> received.add(read(answer)))).isInstanceOf(RemoteException.Unavailable.class)
                .hasMessageContaining("ends before c.txt");
        assertThat(received).containsExactly("a.txt: alpha");
    }

    @Test
    void a_download_batch_answered_out_of_order_is_unavailable() throws Exception {
        server().answer(status(200, BATCH, new String(stream(content(C, "gamma"), content(A, "alpha")),
                StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> transfers.downloadAll(List.of(A, C), "/api/batch/download", answer -> { }))
                .isInstanceOf(RemoteException.Unavailable.class).hasMessageContaining("expected a.txt next, got c.txt");
    }

    @Test
    void a_server_without_the_download_batch_is_asked_one_file_at_a_time() throws Exception {
        server = new ScriptedHttpServer();
        remote = new HttpRemoteServer(HttpClient.newHttpClient(), ServerAddress.parse(server.base().toString()), "me",
                Optional.empty(), "1");
        server.answer(status(405, "", "")).answer(status(200, "", "alpha")).answer(status(404, "", ""));
        List<String> received = new ArrayList<>();

        remote.downloadAll(List.of(A, C), answer -> received.add(read(answer)));

        assertThat(received).containsExactly("a.txt: alpha", "c.txt: Stale c.txt is no longer on the server");
        assertThat(server.requests).extracting(r -> r.lines().findFirst().orElseThrow()).containsExactly(
                "POST /base/api/batch/download HTTP/1.1", "GET /base/api/files/a.txt HTTP/1.1",
                "GET /base/api/files/c.txt HTTP/1.1");
    }

    // ---- fixture -----------------------------------------------------------------------

    private ScriptedHttpServer server() throws IOException {
        server = new ScriptedHttpServer();
        transfers = Transfers.of(server.base(), Map.of("User-Agent", "test/1")).orElseThrow();
        return server;
    }

    private RemoteServer.Upload upload(RelativePath path, String content, Optional<String> replacing) throws IOException {
        Path file = Files.writeString(dir.resolve(path.value().replace('/', '_')), content);
        return new RemoteServer.Upload(path, file, replacing);
    }

    private static FileMetadata metadata(RelativePath path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return FileMetadata.file(path, bytes.length, T, Sha256.hex(bytes));
    }

    private static String metadataJson(RelativePath path, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileBatch.writeHeader(out, new FileBatch.Fetched.Content(metadata(path, content)));
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static FileBatch.Stored done(RelativePath path, String content, boolean created, long first, long last) {
        return new FileBatch.Stored.Done(metadata(path, content), created, first, last);
    }

    private static String answer(long seq, FileBatch.Stored... results) {
        return FileBatch.encodeUploadAnswer(new FileBatch.UploadAnswer(seq, List.of(results)));
    }

    private record Record(FileBatch.Fetched header, String content) {
    }

    private static Record content(RelativePath path, String content) {
        return new Record(new FileBatch.Fetched.Content(metadata(path, content)), content);
    }

    /** A download batch's answer: each record's header, then its content. */
    private static byte[] stream(Object... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object r : records) {
            if (r instanceof Record c) {
                FileBatch.writeHeader(out, c.header());
                out.write(c.content().getBytes(StandardCharsets.UTF_8));
            } else if (r instanceof FileBatch.Fetched f) {
                FileBatch.writeHeader(out, f);
            }
        }
        return out.toByteArray();
    }

    /** "path: content", or "path: Kind message" for a failed answer, or "path: failed …" when reading broke. */
    private static String read(Answer<InputStream> answer) {
        try (InputStream in = answer.get()) {
            return answer.path() + ": " + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (RemoteException e) {
            return answer.path() + ": " + e.getClass().getSimpleName() + " " + e.getMessage();
        } catch (IOException e) {
            return answer.path() + ": failed " + e.getMessage();
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
