package dev.quantum.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real clients against a server with {@code auth}: the token decides what each may do. */
class AuthSyncTest extends SyncFixture {

    private static final String WRITER = "writer-token-0123456789";
    private static final String READER = "reader-token-0123456789";

    @Test
    void a_writer_syncs_a_reader_only_receives_and_no_token_is_refused_with_the_reason() throws Exception {
        server = ServerProcess.startWithAuth(dir.resolve("server-root"), dir, """
                {"tokens": [{"token": "%s", "role": "read-write"}, {"token": "%s", "role": "read-only"}]}
                """.formatted(WRITER, READER));
        ClientProcess writer = client("writer", "--realtime", "--token", WRITER);
        ClientProcess reader = client("reader", "--realtime", "--token", READER);

        Folders.write(writer.folder, "notes/plan.txt", "from the writer");
        awaitIdentical(writer.folder, server.root, reader.folder);

        long log = reader.logSize();
        Folders.write(reader.folder, "mine.txt", "from the reader");
        reader.awaitLog(log, "needs read-write");
        assertThat(server.root.resolve("mine.txt")).doesNotExist();

        Path stranger = dir.resolve("stranger");
        Files.createDirectories(stranger);
        Path strangerLog = dir.resolve("stranger.log");
        Process anonymous = Launch.start(Launch.java(Launch.jar("quantum.client.jar", "quantum-client"),
                List.of("--server", server.url(), "--local-path", stranger.toString(), "--once")), strangerLog);
        assertThat(anonymous.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(anonymous.exitValue()).isEqualTo(1);
        assertThat(Files.readString(strangerLog)).contains("401 a token is required");
        assertThat(Folders.snapshot(stranger).keySet()).noneMatch(p -> p.startsWith("notes"));

        ClientProcess wrongToken = client("wrong", "--token", "not-a-known-token-at-all");
        wrongToken.awaitLog(0, "The server refuses this client");
        assertThat(wrongToken.logHas(0, "invalid token: unknown token")).isTrue();
        assertThat(wrongToken.isAlive()).isTrue();
    }
}
