package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.protocol.JsonCodec;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Kept versions: list, content, restore and the trash view. */
class VersionsApiTest extends ServerTest {

    @Test
    void replaced_content_is_listed_newest_first_and_downloadable() throws Exception {
        server.put("doc.txt", "v1");
        server.put("doc.txt", "v2");
        server.put("doc.txt", "v3");
        JsonNode versions = JsonCodec.parse(server.get("/api/versions/doc.txt").body());
        assertThat(versions.size()).isEqualTo(2);
        JsonNode newest = versions.get(0);
        assertThat(newest.propertyNames()).containsExactly("id", "path", "size", "modified", "hash", "replaced_at", "reason");
        assertThat(newest.get("reason").asString()).isEqualTo("update");
        assertThat(newest.get("id").isString()).isTrue();
        HttpResponse<String> content = server.get("/api/versions/doc.txt?id=" + newest.get("id").asString());
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).isEqualTo("v2");
        assertThat(server.get("/api/versions/doc.txt?id=999").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/versions/other.txt?id=" + newest.get("id").asString()).statusCode()).isEqualTo(404);
    }

    @Test
    void restore_makes_a_version_current_and_keeps_what_it_replaced() throws Exception {
        server.put("doc.txt", "old");
        server.put("doc.txt", "new");
        String id = JsonCodec.parse(server.get("/api/versions/doc.txt").body()).get(0).get("id").asString();
        long head = server.store().head();
        HttpResponse<String> restored = server.post("/api/versions/restore", "{\"path\":\"doc.txt\",\"id\":\"" + id + "\"}");
        assertThat(restored.statusCode()).isEqualTo(200);
        assertThat(JsonCodec.decodeMetadata(JsonCodec.parse(restored.body()), "b").size()).isEqualTo(3);
        assertThat(Files.readString(root.resolve("doc.txt"))).isEqualTo("old");
        assertThat(server.store().head()).isEqualTo(head + 1);
        assertThat(restored.headers().firstValue("X-Quantum-Seq")).hasValue(String.valueOf(head + 1));
        assertThat(JsonCodec.parse(server.get("/api/versions/doc.txt").body()).size()).isEqualTo(2);
        assertThat(server.post("/api/versions/restore", "{\"path\":\"doc.txt\",\"id\":\"nope\"}").statusCode()).isEqualTo(404);
        assertThat(server.post("/api/versions/restore", "{\"path\":\"doc.txt\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void deleted_files_appear_in_the_trash_view_and_can_be_restored() throws Exception {
        server.put("gone/a.txt", "a");
        server.delete("gone");
        JsonNode trash = JsonCodec.parse(server.get("/api/versions").body());
        assertThat(trash.size()).isEqualTo(1);
        assertThat(trash.get(0).get("path").asString()).isEqualTo("gone/a.txt");
        assertThat(trash.get(0).get("reason").asString()).isEqualTo("delete");
        String id = trash.get(0).get("id").asString();
        assertThat(server.post("/api/versions/restore", "{\"path\":\"gone/a.txt\",\"id\":" + id + "}").statusCode()).isEqualTo(200);
        assertThat(Files.readString(root.resolve("gone/a.txt"))).isEqualTo("a");
    }
}
