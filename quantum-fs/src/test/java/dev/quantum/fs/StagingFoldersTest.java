package dev.quantum.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingFoldersTest {

    @TempDir
    Path temp;

    @Test
    void threads_stage_in_folders_of_their_own_in_turn() throws Exception {
        StagingFolders staging = new StagingFolders(temp);
        Set<Path> folders = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < StagingFolders.COUNT + 2; i++) {
            threads.add(Thread.ofPlatform().start(() -> folders.add(staging.file("x").getParent())));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(folders).hasSize(StagingFolders.COUNT).allSatisfy(f -> assertThat(f.getParent()).isEqualTo(temp));
        assertThat(staging.file("a").getParent()).as("one thread keeps its folder").isEqualTo(staging.file("b").getParent());
    }

    @Test
    void a_folder_is_made_at_its_first_use_and_again_when_removed() throws IOException {
        StagingFolders staging = new StagingFolders(temp);
        Path first = staging.file("one.part");
        try (FileChannel c = staging.createNew(first)) {
            assertThat(c.isOpen()).isTrue();
        }
        assertThat(first).exists();

        Files.delete(first);
        Files.delete(first.getParent());
        Path second = staging.file("two.part");
        staging.createNew(second).close();
        assertThat(second).exists();

        assertThatThrownBy(() -> staging.createNew(second)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void cleaning_deletes_every_file_and_keeps_the_folders() throws IOException {
        StagingFolders staging = new StagingFolders(temp);
        staging.createNew(staging.file("staged.part")).close();
        Files.writeString(temp.resolve("old-layout.part"), "left by an older version");
        Path other = Files.createDirectories(temp.resolve("5"));
        Files.writeString(other.resolve("x.part"), "left by another thread");

        staging.clean();

        try (var left = Files.walk(temp)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
        assertThat(other).isDirectory();
    }

    @Test
    void cleaning_a_missing_temp_folder_says_so() {
        StagingFolders staging = new StagingFolders(temp.resolve("absent"));
        assertThatThrownBy(staging::clean).isInstanceOf(IOException.class);
    }
}
