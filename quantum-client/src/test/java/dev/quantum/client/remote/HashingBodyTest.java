package dev.quantum.client.remote;

import static dev.quantum.client.remote.ScriptedHttpServer.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.Sha256;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingBodyTest {

    @TempDir
    Path dir;

    @Test
    void sends_the_file_with_its_length_and_hashes_exactly_what_was_sent() throws Exception {
        byte[] content = new byte[200_003];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7);
        }
        Path file = Files.write(dir.resolve("f.bin"), content);
        HashingBody body = new HashingBody(file);
        try (ScriptedHttpServer server = new ScriptedHttpServer(); HttpClient http = HttpClient.newHttpClient()) {
            server.answer(status(201, "", "{}"));
            assertThatThrownBy(body::sentHash).isInstanceOf(IllegalStateException.class);

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.base().resolve("/base/f"))
                    .PUT(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(server.requests.getFirst()).containsIgnoringCase("Content-Length: 200003");
            assertThat(server.bodies.getFirst()).isEqualTo(content);
            assertThat(body.sentHash()).isEqualTo(Sha256.hex(content));
        }
    }

    @Test
    void a_missing_file_fails_before_anything_is_sent() {
        assertThatThrownBy(() -> new HashingBody(dir.resolve("missing")).publisher()).isInstanceOf(NoSuchFileException.class);
    }
}
