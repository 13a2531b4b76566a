package dev.quantum.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSyncTest {

    @TempDir
    Path dir;

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxTheSystemSyncIsAvailableAndFlushesTheFileSystemOfAFileOrAFolder() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "kept");
        FileSystemSync sync = FileSystemSync.system();

        assertThat(sync.available()).isTrue();
        sync.sync(dir);
        sync.sync(file);

        assertThat(Files.readString(file)).isEqualTo("kept");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aPathThatDoesNotExistIsAClearErrorNamingIt() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> FileSystemSync.system().sync(missing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("errno 2");
    }

    @Test
    void theUnavailableSyncIsNeverWorthItAndRefusesToPretendItFlushed() {
        FileSystemSync none = FileSystemSync.unavailable();

        assertThat(none.available()).isFalse();
        assertThat(none.worthIt(10_000)).isFalse();
        assertThatThrownBy(() -> none.sync(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("not available");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aGroupIsWorthOneSyncFromGroupFromFilesOnLoneFilesAreForcedOneByOne() {
        FileSystemSync sync = FileSystemSync.system();

        assertThat(sync.worthIt(1)).isFalse();
        assertThat(sync.worthIt(FileSystemSync.GROUP_FROM - 1)).isFalse();
        assertThat(sync.worthIt(FileSystemSync.GROUP_FROM)).isTrue();
    }

    @Test
    void syncingAFolderKeepsItsEntriesAndPassesOverAFolderThatIsGone() throws IOException {
        Files.writeString(dir.resolve("renamed.txt.part"), "x");
        Files.move(dir.resolve("renamed.txt.part"), dir.resolve("renamed.txt"));

        FileSystemSync.system().syncFolder(dir);
        FileSystemSync.system().syncFolder(dir.resolve("missing"));

        assertThat(Files.readString(dir.resolve("renamed.txt"))).isEqualTo("x");
    }

    @Test
    void aFolderThatCannotBeOpenedIsAnErrorNotPassedOver() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");

        assertThatThrownBy(() -> FileSystemSync.system().syncFolder(file.resolve("below")))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot open folder");
    }
}
