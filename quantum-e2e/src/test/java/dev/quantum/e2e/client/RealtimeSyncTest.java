package dev.quantum.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two --realtime clients and a server: what one folder gets, the other gets, byte for byte. */
class RealtimeSyncTest extends SyncFixture {

    @Test
    void a_file_saved_in_one_folder_appears_byte_identical_in_the_other() throws Exception {
        server();
        ClientProcess a = client("a", "--realtime");
        ClientProcess b = client("b", "--realtime");
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);

        Folders.write(a.folder, "docs/report.bin", content);
        Folders.write(b.folder, "from-b.txt", "hello from B");

        Path arrived = b.folder.resolve("docs/report.bin");
        Wait.until("docs/report.bin in B", Duration.ofSeconds(30),
                () -> Files.exists(arrived) && Arrays.equals(Files.readAllBytes(arrived), content), this::logs);
        awaitIdentical(a.folder, b.folder, server.root);
        assertThat(Folders.read(a.folder, "from-b.txt")).isEqualTo("hello from B");
    }

    @Test
    void a_burst_of_hundreds_of_nested_files_arrives_complete() throws Exception {
        server();
        ClientProcess a = client("a", "--realtime");
        ClientProcess b = client("b", "--realtime");

        for (int i = 0; i < 300; i++) {
            Folders.write(a.folder, "burst/d" + (i % 12) + "/s" + (i % 5) + "/file-" + i + ".txt", "content " + i);
        }

        awaitIdentical(a.folder, b.folder, server.root);
        assertThat(Folders.snapshot(b.folder).keySet().stream().filter(p -> p.endsWith(".txt"))).hasSize(300);
    }

    @Test
    void deletes_and_folder_renames_propagate() throws Exception {
        server();
        ClientProcess a = client("a", "--realtime");
        ClientProcess b = client("b", "--realtime");
        Folders.write(a.folder, "docs/x.txt", "x");
        Folders.write(a.folder, "docs/sub/y.txt", "y");
        Folders.write(a.folder, "old.txt", "old");
        Folders.write(a.folder, "trash/a.txt", "a");
        Folders.write(a.folder, "trash/deep/b.txt", "b");
        Folders.write(a.folder, "notes.txt", "draft");
        awaitIdentical(a.folder, b.folder, server.root);

        Files.delete(a.folder.resolve("old.txt"));
        Files.move(a.folder.resolve("docs"), a.folder.resolve("papers"));
        Folders.deleteTree(b.folder.resolve("trash"));
        Folders.write(b.folder, "notes.txt.tmp", "final");
        Files.move(b.folder.resolve("notes.txt.tmp"), b.folder.resolve("notes.txt"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        awaitIdentical(a.folder, b.folder, server.root);
        assertThat(Folders.snapshot(b.folder))
                .containsOnlyKeys("papers", "papers/x.txt", "papers/sub", "papers/sub/y.txt", "notes.txt");
        assertThat(Folders.read(a.folder, "notes.txt")).isEqualTo("final");
    }
}
