package dev.quantum.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.testkit.TempFiles;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Changes made while a client is stopped or the server is down are neither lost nor sent twice. */
class OfflineTest extends SyncFixture {

    @Test
    void a_stopped_client_catches_up_when_restarted() throws Exception {
        server();
        ClientProcess a = client("a", "--realtime");
        ClientProcess b = client("b", "--realtime");
        Folders.write(a.folder, "keep.txt", "v1");
        Folders.write(a.folder, "gone.txt", "bye");
        Folders.write(a.folder, "stable.txt", "never changes");
        awaitIdentical(a.folder, b.folder, server.root);

        b.stop();
        long restartedAt = b.logSize();
        assertThat(TempFiles.in(b.folder.resolve(".quantum/tmp"))).as("temp files after SIGTERM").isEmpty();
        Folders.write(a.folder, "keep.txt", "v2");
        Folders.write(a.folder, "new/while-b-was-away.txt", "news");
        Files.delete(a.folder.resolve("gone.txt"));
        Folders.write(b.folder, "offline-in-b.txt", "made offline");
        awaitIdentical(a.folder, server.root);
        b.restart();

        awaitIdentical(a.folder, b.folder, server.root);
        assertThat(Folders.snapshot(b.folder))
                .containsOnlyKeys("keep.txt", "stable.txt", "new", "new/while-b-was-away.txt", "offline-in-b.txt");
        assertThat(Folders.read(b.folder, "keep.txt")).isEqualTo("v2");
        assertThat(b.logHas(restartedAt, "Downloaded keep.txt")).isTrue();
        assertThat(b.logHas(restartedAt, "Downloaded stable.txt")).as("re-downloads nothing already in place").isFalse();
    }

    @Test
    void the_same_file_edited_on_both_sides_while_offline_keeps_both_versions_everywhere() throws Exception {
        server();
        ClientProcess a = client("a", "--realtime", "--client-id", "alpha");
        ClientProcess b = client("b", "--realtime", "--client-id", "beta");
        Folders.write(a.folder, "plan.txt", "original");
        awaitIdentical(a.folder, b.folder, server.root);

        b.stop();
        Folders.write(a.folder, "plan.txt", "edited in A");
        Folders.write(b.folder, "plan.txt", "edited in B while offline");
        awaitIdentical(a.folder, server.root);
        b.restart();

        awaitIdentical(a.folder, b.folder, server.root);
        Map<String, String> files = Folders.snapshot(b.folder);
        assertThat(files).hasSize(2);
        String copy = files.keySet().stream().filter(p -> !p.equals("plan.txt")).findFirst().orElseThrow();
        assertThat(copy).matches("plan\\.sync-conflict-\\d{8}-\\d{6}-beta\\.txt");
        assertThat(Folders.read(b.folder, "plan.txt")).isEqualTo("edited in A");
        assertThat(Folders.read(a.folder, copy)).isEqualTo("edited in B while offline");
    }

    @Test
    void clients_reconnect_by_themselves_after_the_server_is_killed() throws Exception {
        server();
        ClientProcess a = client("a", "--realtime");
        ClientProcess b = client("b", "--realtime");
        Folders.write(a.folder, "before.txt", "before");
        awaitIdentical(a.folder, b.folder, server.root);
        long logA = a.logSize();
        long logB = b.logSize();

        server.kill();
        Folders.write(a.folder, "during-outage.txt", "written while the server was down");
        server.start();

        a.awaitLog(logA, "connected and subscribed");
        b.awaitLog(logB, "connected and subscribed");
        awaitIdentical(a.folder, b.folder, server.root);
        Folders.write(b.folder, "after.txt", "after");
        awaitIdentical(a.folder, b.folder, server.root);
        assertThat(Folders.snapshot(a.folder)).containsOnlyKeys("before.txt", "during-outage.txt", "after.txt");
    }

    @Test
    void a_polling_client_converges() throws Exception {
        server();
        ClientProcess a = client("a", "--realtime");
        ClientProcess b = client("b", "--interval", "1s");

        Folders.write(a.folder, "from-a.txt", "A");
        Folders.write(b.folder, "from-b/nested.txt", "B");

        awaitIdentical(a.folder, b.folder, server.root);
        assertThat(Folders.snapshot(a.folder)).containsKeys("from-a.txt", "from-b/nested.txt");
    }
}
