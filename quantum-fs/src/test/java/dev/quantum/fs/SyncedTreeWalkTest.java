package dev.quantum.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncedTreeWalkTest {

    @TempDir
    Path root;

    @Test
    void every_directory_and_file_is_visited_but_the_metadata_folder_and_its_contents() throws Exception {
        Files.createDirectories(root.resolve("docs/deep"));
        Files.writeString(root.resolve("docs/deep/a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "b");
        Files.createDirectories(root.resolve(".quantum/tmp"));
        Files.writeString(root.resolve(".quantum/state.db"), "x");
        List<Path> directories = new ArrayList<>();
        List<Path> files = new ArrayList<>();

        SyncedTreeWalk.skipping(root.resolve(".quantum")).recursiveVisitFiles(root, directories::add, files::add);

        assertThat(directories).containsExactlyInAnyOrder(root, root.resolve("docs"), root.resolve("docs/deep"));
        assertThat(files).containsExactlyInAnyOrder(root.resolve("docs/deep/a.txt"), root.resolve("b.txt"));
    }

    @Test
    void a_start_that_is_gone_is_passed_over() throws Exception {
        List<Path> seen = new ArrayList<>();

        SyncedTreeWalk.skipping(root.resolve(".quantum")).recursiveVisitFiles(root.resolve("gone"), seen::add, seen::add);

        assertThat(seen).isEmpty();
    }

    @Test
    void a_missing_metadata_path_is_refused() {
        assertThatThrownBy(() -> SyncedTreeWalk.skipping(null)).isInstanceOf(NullPointerException.class).hasMessage("metadata");
    }
}
