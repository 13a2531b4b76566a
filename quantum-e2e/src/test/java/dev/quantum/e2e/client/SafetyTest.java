package dev.quantum.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client refuses to propagate a mass deletion. */
class SafetyTest extends SyncFixture {

    @Test
    void a_deleted_marker_stops_the_client_without_touching_the_server() throws Exception {
        server();
        ClientProcess a = client("a", "--realtime");
        for (int i = 0; i < 5; i++) {
            Folders.write(a.folder, "f" + i + ".txt", "file " + i);
        }
        awaitIdentical(a.folder, server.root);
        Map<String, String> before = Folders.snapshot(server.root);

        Folders.deleteTree(a.folder);

        assertThat(a.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
        assertThat(a.logHas(0, "marker is gone")).isTrue();
        assertThat(Folders.snapshot(server.root)).isEqualTo(before);
    }

    @Test
    void deleting_most_files_waits_for_allow_mass_delete() throws Exception {
        server();
        ClientProcess a = client("a", "--realtime");
        for (int i = 0; i < 20; i++) {
            Folders.write(a.folder, "f" + i + ".txt", "file " + i);
        }
        awaitIdentical(a.folder, server.root);
        long log = a.logSize();

        for (int i = 0; i < 15; i++) {
            Files.delete(a.folder.resolve("f" + i + ".txt"));
            if (i == 7) {
                Thread.sleep(50); // a pause splits the deletion over two scans; the guard still sees it whole
            }
        }

        a.awaitLog(log, "Holding back: this would delete 15 of 20");
        assertThat(Folders.snapshot(server.root)).hasSize(20);
        a.stop();
        ClientProcess again = client("a", "--allow-mass-delete");
        awaitIdentical(again.folder, server.root);
        assertThat(Folders.snapshot(server.root)).hasSize(5);
    }
}
