package dev.quantum.bench.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderArrivalsTest {

    @TempDir
    Path root;

    private static final String[] NAMES = {"a.bin", "b.bin", "c.bin"};
    private static final byte[][] CONTENTS = {bytes("alpha"), bytes("bravo"), bytes("charlie")};

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long inSeconds(int s) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(s);
    }

    @Test
    void files_arriving_in_a_folder_created_later_are_seen_by_rename_and_by_rewrite() throws Exception {
        Path dir = root.resolve("burst");
        try (FolderArrivals arrivals = new FolderArrivals(dir, NAMES, CONTENTS)) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    Files.createDirectories(dir);
                    Path part = root.resolve("a.part");
                    Files.write(part, CONTENTS[0]);
                    Files.move(part, dir.resolve("a.bin"), StandardCopyOption.ATOMIC_MOVE);
                    Files.write(dir.resolve("b.bin"), bytes("wrong"));
                    Files.write(dir.resolve("c.bin"), CONTENTS[2]);
                    Thread.sleep(50);
                    Files.write(dir.resolve("b.bin"), CONTENTS[1]);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            long last = arrivals.await(inSeconds(30), () -> { });
            writer.join();
            assertThat(arrivals.arrived()).isEqualTo(3);
            assertThat(last).isGreaterThan(start);
        }
    }

    @Test
    void a_file_still_wrong_at_the_deadline_is_an_error_that_counts_the_arrivals() throws Exception {
        Path dir = Files.createDirectories(root.resolve("late"));
        Files.write(dir.resolve("a.bin"), CONTENTS[0]);
        Files.write(dir.resolve("b.bin"), bytes("bravo!"));
        try (FolderArrivals arrivals = new FolderArrivals(dir, NAMES, CONTENTS)) {
            assertThatThrownBy(() -> arrivals.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300), () -> { }))
                    .isInstanceOf(IOException.class).hasMessageContaining("got 1 of 3 files in time");
        }
    }

    @Test
    void the_liveness_check_ends_the_wait_with_its_error() throws Exception {
        try (FolderArrivals arrivals = new FolderArrivals(root.resolve("never"), NAMES, CONTENTS)) {
            assertThatThrownBy(() -> arrivals.await(inSeconds(30), () -> {
                throw new IOException("the client exited with 1");
            })).hasMessage("the client exited with 1");
        }
    }

    @Test
    void names_and_contents_must_pair_up() {
        assertThatThrownBy(() -> new FolderArrivals(root.resolve("x"), NAMES, new byte[1][]))
                .hasMessageContaining("3 names for 1 contents");
    }
}
