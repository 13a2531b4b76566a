package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.core.FileMetadata;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.ChangesPage;
import dev.quantum.protocol.JsonCodec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list, mkdir, move and changes against a real server. */
class TreeApiTest {

    @TempDir
    Path root;
    TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void list_shows_files_and_folders_with_the_log_head_and_never_the_metadata_folder() throws Exception {
        server = TestServer.start(root);
        HttpResponse<String> empty = server.get("/api/list");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEqualTo("[]");
        assertThat(empty.headers().firstValue("X-Quantum-Seq")).hasValue("0");
        server.put("a/b.txt", "b");
        HttpResponse<String> list = server.get("/api/list");
        List<FileMetadata> entries = JsonCodec.decodeMetadataList(list.body());
        assertThat(entries).extracting(m -> m.path().value() + (m.isDirectory() ? "/" : ""))
                .containsExactly("a/", "a/b.txt");
        assertThat(list.headers().firstValue("X-Quantum-Seq")).hasValue("2");
        assertThat(root.resolve(".quantum")).isDirectory();
    }

    @Test
    void mkdir_is_201_then_200_and_409_over_a_file() throws Exception {
        server = TestServer.start(root);
        HttpResponse<String> created = server.post("/api/mkdir/x/y", "");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JsonCodec.decodeMetadata(JsonCodec.parse(created.body()), "b").isDirectory()).isTrue();
        assertThat(root.resolve("x/y")).isDirectory();
        assertThat(created.headers().firstValue("X-Quantum-First-Seq")).hasValue("1");
        assertThat(created.headers().firstValue("X-Quantum-Seq")).hasValue("2");
        HttpResponse<String> again = server.post("/api/mkdir/x/y", "");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("X-Quantum-Seq")).hasValue("2");
        assertThat(again.headers().firstValue("X-Quantum-First-Seq")).isEmpty();
        server.put("f", "file");
        assertThat(server.post("/api/mkdir/f", "").statusCode()).isEqualTo(409);
    }

    @Test
    void move_renames_files_and_whole_folders_as_one_change() throws Exception {
        server = TestServer.start(root);
        server.put("d/one.txt", "1");
        server.put("d/sub/two.txt", "2");
        long head = server.store().head();
        HttpResponse<String> moved = server.post("/api/move", "{\"from\":\"d\",\"to\":\"e/renamed\"}");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(JsonCodec.decodeMetadata(JsonCodec.parse(moved.body()), "b").path().value()).isEqualTo("e/renamed");
        assertThat(Files.readString(root.resolve("e/renamed/sub/two.txt"))).isEqualTo("2");
        ChangesPage page = JsonCodec.decodeChanges(server.get("/api/changes?since=" + head).body());
        assertThat(page.changes()).extracting(c -> c.operation().toString())
                .containsExactly("Create[metadata=" + server.store().metadata(dev.quantum.core.RelativePath.of("e")).orElseThrow() + "]",
                        "Move[from=d, to=e/renamed]");
        assertThat(moved.headers().firstValue("X-Quantum-First-Seq")).hasValue(String.valueOf(head + 1));
        assertThat(moved.headers().firstValue("X-Quantum-Seq")).hasValue(String.valueOf(head + 2));
        assertThat(server.post("/api/move", "{\"from\":\"nope\",\"to\":\"x\"}").statusCode()).isEqualTo(404);
        server.put("other.txt", "o");
        assertThat(server.post("/api/move", "{\"from\":\"other.txt\",\"to\":\"e/renamed\"}").statusCode()).isEqualTo(409);
        assertThat(server.post("/api/move", "{\"from\":\"e\",\"to\":\"e/inside\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void changes_since_n_returns_later_changes_with_the_head() throws Exception {
        server = TestServer.start(root);
        for (int i = 0; i < 5; i++) {
            server.put("f" + i, "x" + i);
        }
        ChangesPage page = JsonCodec.decodeChanges(server.get("/api/changes?since=2").body());
        assertThat(page.seq()).isEqualTo(5);
        assertThat(page.changes()).extracting(Change::seq).containsExactly(3L, 4L, 5L);
        ChangesPage limited = JsonCodec.decodeChanges(server.get("/api/changes?since=0&limit=2").body());
        assertThat(limited.changes()).extracting(Change::seq).containsExactly(1L, 2L);
        assertThat(JsonCodec.decodeChanges(server.get("/api/changes").body()).changes()).hasSize(5);
    }

    @Test
    void changes_older_than_the_retained_log_are_410() throws Exception {
        server = TestServer.start(root, "\"change_log\": {\"max_entries\": 2}");
        for (int i = 0; i < 5; i++) {
            server.put("f" + i, "x" + i);
        }
        server.store().maintain();
        HttpResponse<String> gone = server.get("/api/changes?since=1");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.body()).contains("no longer retained");
        assertThat(server.get("/api/changes?since=3").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/changes?since=99").statusCode()).isEqualTo(410);
    }

    @Test
    void concurrent_uploads_produce_a_gap_free_log() throws Exception {
        server = TestServer.start(root);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> puts = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            int n = i;
            puts.add(pool.submit(() -> server.put("dir" + (n % 4) + "/file" + n, "content " + n)));
        }
        for (Future<HttpResponse<String>> put : puts) {
            assertThat(put.get().statusCode()).isEqualTo(201);
        }
        pool.shutdown();
        ChangesPage page = JsonCodec.decodeChanges(server.get("/api/changes?since=0").body());
        assertThat(page.changes()).hasSize(84);
        for (int i = 0; i < page.changes().size(); i++) {
            assertThat(page.changes().get(i).seq()).isEqualTo(i + 1);
        }
        assertThat(page.seq()).isEqualTo(84);
    }
}
