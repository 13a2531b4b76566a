package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enable_upload: false}: reads work, every write is 403 and changes nothing. */
class ReadOnlyTest {

    @TempDir
    Path root;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(root.resolve("existing.txt"), "here before");
        server = TestServer.start(root, "\"enable_upload\": false");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void every_write_is_403_and_reads_still_work() throws Exception {
        long head = server.store().head();
        assertForbidden(server.put("new.txt", "x"));
        assertForbidden(server.delete("existing.txt"));
        assertForbidden(server.post("/api/mkdir/dir", ""));
        assertForbidden(server.post("/api/move", "{\"from\":\"existing.txt\",\"to\":\"moved.txt\"}"));
        assertForbidden(server.post("/api/versions/restore", "{\"path\":\"existing.txt\",\"id\":\"1\"}"));
        assertThat(server.store().head()).isEqualTo(head);
        assertThat(root.resolve("new.txt")).doesNotExist();
        assertThat(root.resolve("existing.txt")).exists();
        assertThat(server.get("/api/files/existing.txt").body()).isEqualTo("here before");
        assertThat(server.get("/api/list").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/session").body()).isEqualTo("{\"auth\":false,\"role\":\"admin\",\"upload\":false}");
        assertThat(server.post("/api/session", "").statusCode()).isEqualTo(405);
    }

    private static void assertForbidden(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("enable_upload is false");
    }
}
