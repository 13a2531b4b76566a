package dev.quantum.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Runs of small files travel in batches (many files to one request) between real processes, byte for byte. */
class BatchSyncTest extends SyncFixture {

    private static final int FILES = 300;

    @Test
    void an_initial_sync_of_hundreds_of_small_files_both_ways_arrives_complete() throws Exception {
        server();
        fill(dir.resolve("a"), "from-a", 1);
        ClientProcess a = client("a", "--realtime");
        fill(dir.resolve("b"), "from-b", 2);

        ClientProcess b = client("b", "--realtime");

        awaitIdentical(a.folder, b.folder, server.root);
        assertThat(Folders.snapshot(b.folder).keySet().stream().filter(p -> p.endsWith(".bin"))).hasSize(2 * FILES);
        assertThat(a.logHas(0, "files in one batch")).as("A uploaded in batches").isTrue();
        assertThat(b.logHas(0, "Downloaded")).isTrue();
        assertThat(b.logHas(0, "files in one batch")).as("B transferred in batches").isTrue();
        assertThat(a.logHas(0, "takes no batches") || b.logHas(0, "takes no batches")).isFalse();
    }

    /** {@value #FILES} files of 0 to 20,000 random bytes under {@code root/prefix}, in a few folders. */
    private static void fill(Path root, String prefix, long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < FILES; i++) {
            byte[] content = new byte[i % 50 == 0 ? 0 : random.nextInt(20_000)];
            random.nextBytes(content);
            Folders.write(root, prefix + "/d" + (i % 7) + "/file-" + i + ".bin", content);
        }
    }
}
