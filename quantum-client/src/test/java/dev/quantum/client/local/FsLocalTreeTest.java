package dev.quantum.client.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quantum.client.sync.ContentMismatchException;
import dev.quantum.client.sync.LocalChangedException;
import dev.quantum.client.sync.LocalEntry;
import dev.quantum.client.sync.LocalScan;
import dev.quantum.client.sync.LocalTree;
import dev.quantum.client.sync.ScanRequest;
import dev.quantum.core.RelativePath;
import dev.quantum.core.Sha256;
import dev.quantum.core.ignore.IgnoreRules;
import dev.quantum.core.reconcile.Entry;
import dev.quantum.fs.FileSystemSync;
import dev.quantum.testkit.TempFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsLocalTreeTest {

    @TempDir
    Path dir;
    FsLocalTree tree;
    final NavigableMap<RelativePath, LocalEntry> cache = new TreeMap<>();

    @BeforeEach
    void open() throws IOException {
        tree = new FsLocalTree(dir);
        tree.createMarker();
    }

    @Test
    void a_full_scan_finds_files_and_folders_with_their_hashes() throws IOException {
        write("a.txt", "hello");
        write("docs/b.txt", "");
        Files.createDirectories(dir.resolve("empty"));

        LocalScan scan = scanAll();

        assertThat(scan.found()).containsOnlyKeys(p("a.txt"), p("docs"), p("docs/b.txt"), p("empty"));
        assertThat(scan.found().get(p("a.txt")).entry()).isEqualTo(Entry.file(Sha256.hex("hello".getBytes()), 5));
        assertThat(scan.problems()).isEmpty();
    }

    @Test
    void a_big_file_nothing_is_known_of_is_left_unhashed_and_hashed_on_request() throws IOException {
        FsLocalTree hashingLater = new FsLocalTree(dir, 6);
        write("big.bin", "123456");
        write("small.bin", "12345");
        write("empty.bin", "");

        LocalScan scan = hashingLater.scan(ScanRequest.everything(), IgnoreRules.defaults(), p -> null);

        LocalEntry big = scan.found().get(p("big.bin"));
        assertThat(big.entry().isHashed()).isFalse();
        assertThat(big.entry().size()).isEqualTo(6);
        assertThat(scan.found().get(p("small.bin")).entry()).isEqualTo(Entry.file(Sha256.hex("12345".getBytes()), 5));
        assertThat(scan.found().get(p("empty.bin")).entry().isHashed()).isTrue();
        assertThat(hashingLater.hash(p("big.bin"))).hasValueSatisfying(e -> {
            assertThat(e.entry()).isEqualTo(Entry.file(Sha256.hex("123456".getBytes()), 6));
            assertThat(e.modifiedNanos()).isEqualTo(big.modifiedNanos());
        });
        assertThat(hashingLater.hash(p("missing.bin"))).isEmpty();
        assertThatThrownBy(() -> new FsLocalTree(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_big_file_whose_hash_is_known_keeps_it_and_one_known_only_unhashed_stays_unhashed() throws IOException {
        FsLocalTree hashingLater = new FsLocalTree(dir, 1);
        write("known.bin", "known");
        write("seen.bin", "seen");
        LocalScan first = hashingLater.scan(ScanRequest.everything(), IgnoreRules.defaults(), p -> null);
        LocalEntry seen = first.found().get(p("seen.bin"));
        LocalEntry known = hashingLater.hash(p("known.bin")).orElseThrow();
        write("seen.bin", "seen again");

        LocalScan second = hashingLater.scan(ScanRequest.everything(), IgnoreRules.defaults(),
                p -> p.equals(p("known.bin")) ? known : seen);

        assertThat(second.found().get(p("known.bin"))).isSameAs(known);
        assertThat(second.found().get(p("seen.bin")).entry().isHashed()).isFalse();
        assertThat(second.found().get(p("seen.bin")).entry().size()).isEqualTo(10);
    }

    @Test
    void hashing_on_request_refuses_a_folder() throws IOException {
        Files.createDirectories(dir.resolve("folder"));

        assertThatThrownBy(() -> tree.hash(p("folder"))).isInstanceOf(LocalChangedException.class)
                .hasMessageContaining("no longer a regular file");
    }

    @Test
    void leaves_out_the_metadata_folder_ignored_paths_and_symbolic_links() throws IOException {
        write("keep.txt", "k");
        write("notes.swp", "s");
        write("build/out.bin", "b");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc"));

        LocalScan scan = tree.scan(ScanRequest.everything(), IgnoreRules.parse("build/"), p -> null);

        assertThat(scan.found()).containsOnlyKeys(p("keep.txt"));
        assertThat(scan.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.path()).isEqualTo(p("link"));
            assertThat(pr.reason()).contains("symbolic link");
        });
    }

    @Test
    void reports_names_that_differ_only_by_unicode_normalisation() throws IOException {
        write("caf\u00e9.txt", "nfc");
        write("cafe\u0301.txt", "nfd");

        LocalScan scan = scanAll();

        assertThat(scan.found()).containsOnlyKeys(p("caf\u00e9.txt"));
        assertThat(scan.problems()).singleElement().satisfies(pr -> assertThat(pr.reason()).contains("Unicode normalisation"));
    }

    @Test
    void writes_back_to_a_name_spelt_in_nfd_on_disk() throws IOException {
        write("cafe\u0301.txt", "old");
        LocalScan scan = scanAll();
        LocalEntry old = scan.found().get(p("caf\u00e9.txt"));

        install("caf\u00e9.txt", "new", Optional.of(old));

        assertThat(Files.readString(dir.resolve("cafe\u0301.txt"))).isEqualTo("new");
        assertThat(Files.exists(dir.resolve("caf\u00e9.txt"))).isFalse();
    }

    @Test
    void names_paths_as_spelt_on_disk_for_rescans() throws IOException {
        write("cafe\u0301/x.txt", "x");
        scanAll().applyTo(cache);

        Path onDisk = tree.onDisk(p("caf\u00e9/x.txt"));
        Set<RelativePath> changed = tree.scan(new ScanRequest(false, Set.of(onDisk.getParent()), Set.of(onDisk)),
                IgnoreRules.defaults(), cache::get).applyTo(cache);

        assertThat(onDisk).isEqualTo(Path.of("cafe\u0301/x.txt"));
        assertThat(changed).isEmpty();
        assertThat(cache).containsOnlyKeys(p("caf\u00e9"), p("caf\u00e9/x.txt"));
    }

    @Test
    void reuses_a_known_hash_when_size_and_time_are_unchanged() throws IOException {
        write("a.txt", "hello");
        LocalEntry first = scanAll().found().get(p("a.txt"));
        LocalEntry pretend = new LocalEntry(Entry.file("known-hash", 5), first.modifiedNanos());

        LocalScan again = tree.scan(ScanRequest.everything(), IgnoreRules.defaults(), p -> pretend);

        assertThat(again.found().get(p("a.txt"))).isSameAs(pretend);
    }

    @Test
    void a_shallow_scan_sees_a_deleted_file_and_the_cache_forgets_it() throws IOException {
        write("d/a.txt", "a");
        write("d/b.txt", "b");
        scanAll().applyTo(cache);
        Files.delete(dir.resolve("d/a.txt"));

        Set<RelativePath> changed = tree.scan(new ScanRequest(false, Set.of(Path.of("d")), Set.of()),
                IgnoreRules.defaults(), cache::get).applyTo(cache);

        assertThat(changed).containsExactly(p("d/a.txt"));
        assertThat(cache).containsOnlyKeys(p("d"), p("d/b.txt"));
    }

    @Test
    void a_shallow_scan_descends_into_a_new_folder() throws IOException {
        write("a.txt", "a");
        scanAll().applyTo(cache);
        write("new/deep/x.txt", "x");

        Set<RelativePath> changed = tree.scan(new ScanRequest(false, Set.of(ScanRequest.ROOT), Set.of()),
                IgnoreRules.defaults(), cache::get).applyTo(cache);

        assertThat(changed).containsExactly(p("new"), p("new/deep"), p("new/deep/x.txt"));
    }

    @Test
    void an_entry_scan_sees_one_path_without_listing_its_folder() throws IOException {
        write("d/a.txt", "a");
        write("d/b.txt", "b");
        write("d/s/x.txt", "x");
        scanAll().applyTo(cache);
        write("d/a.txt", "changed");
        Files.delete(dir.resolve("d/b.txt"));
        write("d/new/deep.txt", "n");

        Set<RelativePath> changed = tree.scan(new ScanRequest(false, Set.of(), Set.of(),
                Set.of(Path.of("d/a.txt"), Path.of("d/b.txt"), Path.of("d/s"), Path.of("d/new"))),
                IgnoreRules.defaults(), cache::get).applyTo(cache);

        assertThat(changed).containsExactlyInAnyOrder(p("d/a.txt"), p("d/b.txt"), p("d/new"), p("d/new/deep.txt"));
        assertThat(cache).containsOnlyKeys(p("d"), p("d/a.txt"), p("d/s"), p("d/s/x.txt"), p("d/new"), p("d/new/deep.txt"));
    }

    @Test
    void a_new_folder_reported_by_the_watcher_is_recorded_with_everything_in_it() throws IOException {
        write("a.txt", "a");
        scanAll().applyTo(cache);
        write("docs/x.txt", "x");
        write("docs/sub/y.txt", "y");

        Set<RelativePath> changed = tree.scan(new ScanRequest(false, Set.of(), Set.of(Path.of("docs")),
                Set.of(Path.of("docs"), Path.of("docs/x.txt"), Path.of("docs/sub"))), IgnoreRules.defaults(), cache::get)
                .applyTo(cache);

        assertThat(changed).containsExactlyInAnyOrder(p("docs"), p("docs/x.txt"), p("docs/sub"), p("docs/sub/y.txt"));
        assertThat(cache).containsOnlyKeys(p("a.txt"), p("docs"), p("docs/x.txt"), p("docs/sub"), p("docs/sub/y.txt"));
    }

    @Test
    void a_folder_seen_both_listed_and_as_an_entry_is_no_normalisation_clash() throws IOException {
        write("docs/x.txt", "x");

        LocalScan scan = tree.scan(new ScanRequest(false, Set.of(ScanRequest.ROOT), Set.of(Path.of("docs")),
                Set.of(Path.of("docs/x.txt"))), IgnoreRules.defaults(), p -> null);

        assertThat(scan.problems()).isEmpty();
        assertThat(scan.found()).containsOnlyKeys(p("docs"), p("docs/x.txt"));
    }

    @Test
    void scanning_a_vanished_folder_forgets_it_and_everything_below() throws IOException {
        write("d/s/x.txt", "x");
        write("keep.txt", "k");
        scanAll().applyTo(cache);
        deleteTree(dir.resolve("d"));

        Set<RelativePath> changed = tree.scan(new ScanRequest(false, Set.of(), Set.of(Path.of("d/s"))),
                IgnoreRules.defaults(), cache::get).applyTo(cache);

        assertThat(changed).contains(p("d"));
        assertThat(cache).containsOnlyKeys(p("keep.txt"));
    }

    @Test
    void installs_a_download_atomically_and_announces_it_before_the_rename() throws IOException {
        AtomicReference<Boolean> existedWhenAnnounced = new AtomicReference<>();

        LocalEntry installed = install(p("d/new.txt"), stream("data"), entry("data"), Optional.empty(),
                Instant.parse("2025-05-05T05:05:05Z"),
                e -> existedWhenAnnounced.set(Files.exists(dir.resolve("d/new.txt"))));

        assertThat(existedWhenAnnounced.get()).isFalse();
        assertThat(Files.readString(dir.resolve("d/new.txt"))).isEqualTo("data");
        assertThat(Files.getLastModifiedTime(dir.resolve("d/new.txt")).toInstant()).isEqualTo(Instant.parse("2025-05-05T05:05:05Z"));
        assertThat(installed.entry()).isEqualTo(entry("data"));
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void refuses_a_download_whose_bytes_do_not_match_and_leaves_nothing() {
        assertThatThrownBy(() -> install(p("x.txt"), stream("evil"), entry("data"), Optional.empty(), Instant.now(), e -> { }))
                .isInstanceOf(ContentMismatchException.class);
        assertThat(Files.exists(dir.resolve("x.txt"))).isFalse();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void never_overwrites_a_file_edited_since_it_was_scanned() throws IOException {
        write("a.txt", "v1");
        LocalEntry scanned = scanAll().found().get(p("a.txt"));
        write("a.txt", "edited by the user");

        assertThatThrownBy(() -> install("a.txt", "v2", Optional.of(scanned))).isInstanceOf(LocalChangedException.class);
        assertThatThrownBy(() -> tree.delete(p("a.txt"), scanned)).isInstanceOf(LocalChangedException.class);
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("edited by the user");
    }

    @Test
    void never_replaces_a_file_that_appeared_since_the_scan() throws IOException {
        write("a.txt", "new local file");

        assertThatThrownBy(() -> install("a.txt", "remote", Optional.empty())).isInstanceOf(LocalChangedException.class);
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("new local file");
    }

    @Test
    void a_staged_download_waits_in_the_temp_folder_until_placed_or_discarded() throws IOException {
        LocalTree.Staged kept = tree.stage(p("d/a.txt"), stream("A"), entry("A"), Instant.now(), false);
        LocalTree.Staged dropped = tree.stage(p("b.txt"), stream("B"), entry("B"), Instant.now(), false);
        assertThat(tempFiles()).hasSize(2);
        assertThat(Files.exists(dir.resolve("d"))).isFalse();

        tree.flush();
        tree.place(kept, Optional.empty(), e -> { });
        tree.discard(dropped);

        assertThat(Files.readString(dir.resolve("d/a.txt"))).isEqualTo("A");
        assertThat(Files.exists(dir.resolve("b.txt"))).isFalse();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void a_staged_download_whose_path_appeared_meanwhile_is_not_placed_and_goes() throws IOException {
        LocalTree.Staged staged = tree.stage(p("a.txt"), stream("remote"), entry("remote"), Instant.now(), false);
        write("a.txt", "new local file");

        assertThatThrownBy(() -> tree.place(staged, Optional.empty(), e -> { })).isInstanceOf(LocalChangedException.class);
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("new local file");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void a_downloaded_file_gets_the_permissions_of_any_new_file_there() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        write("made-here.txt", "x");

        install("downloaded.txt", "y", Optional.empty());

        assertThat(Files.getPosixFilePermissions(dir.resolve("downloaded.txt")))
                .isEqualTo(Files.getPosixFilePermissions(dir.resolve("made-here.txt")));
    }

    @Test
    void flushing_together_is_for_groups_and_refused_where_unavailable() throws IOException {
        assertThat(tree.flushesTogether(1)).isFalse();
        assertThat(tree.flushesTogether(FileSystemSync.GROUP_FROM)).isEqualTo(FileSystemSync.system().available());
        FsLocalTree without = new FsLocalTree(dir, FsLocalTree.HASH_LATER_FROM, FileSystemSync.unavailable());

        assertThat(without.flushesTogether(1000)).isFalse();
        assertThatThrownBy(without::flush).isInstanceOf(IOException.class).hasMessageContaining("not available");
    }

    @Test
    void deletes_a_folder_only_when_nothing_but_litter_is_left() throws IOException {
        write("d/.DS_Store", "x");
        tree.delete(p("d"), LocalEntry.directory());
        assertThat(Files.exists(dir.resolve("d"))).isFalse();

        write("e/new.txt", "user data");
        assertThatThrownBy(() -> tree.delete(p("e"), LocalEntry.directory()))
                .isInstanceOf(LocalChangedException.class).hasMessageContaining("new.txt");
        assertThat(Files.exists(dir.resolve("e/new.txt"))).isTrue();
    }

    @Test
    void never_writes_through_a_symbolic_link(@TempDir Path outside) throws IOException {
        Files.createSymbolicLink(dir.resolve("escape"), outside);

        assertThatThrownBy(() -> install("escape/x.txt", "data", Optional.empty()))
                .hasMessageContaining("is a symbolic link");
        assertThatThrownBy(() -> tree.mkdir(p("escape/sub"))).hasMessageContaining("is a symbolic link");
        try (var list = Files.list(outside)) {
            assertThat(list).isEmpty();
        }
    }

    @Test
    void moves_without_replacing_anything() throws IOException {
        write("a.txt", "a");
        write("b.txt", "b");

        tree.move(p("a.txt"), p("sub/c.txt"));
        assertThat(Files.readString(dir.resolve("sub/c.txt"))).isEqualTo("a");
        assertThatThrownBy(() -> tree.move(p("sub/c.txt"), p("b.txt"))).isInstanceOf(LocalChangedException.class);
        assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("b");
    }

    @Test
    void a_download_makes_its_temp_folder_again_when_someone_removed_it() throws IOException {
        deleteTree(tree.metadataFolder());

        install("a.txt", "data", Optional.empty());

        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("data");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void a_download_makes_missing_folders_but_never_replaces_a_file_standing_where_one_is_needed() throws IOException {
        install("new/deeper/a.txt", "data", Optional.empty());
        assertThat(Files.readString(dir.resolve("new/deeper/a.txt"))).isEqualTo("data");

        write("plain", "a file, not a folder");
        assertThatThrownBy(() -> install("plain/b.txt", "data", Optional.empty()))
                .isInstanceOf(LocalChangedException.class).hasMessageContaining("a file stands where a folder is needed");
        assertThat(Files.readString(dir.resolve("plain"))).isEqualTo("a file, not a folder");
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void a_file_deleted_since_the_scan_is_not_replaced_by_a_download_meant_to_update_it() throws IOException {
        write("a.txt", "v1");
        LocalEntry scanned = scanAll().found().get(p("a.txt"));
        Files.delete(dir.resolve("a.txt"));

        assertThatThrownBy(() -> install("a.txt", "v2", Optional.of(scanned)))
                .isInstanceOf(LocalChangedException.class).hasMessageContaining("was deleted meanwhile");
        assertThat(Files.exists(dir.resolve("a.txt"))).isFalse();
    }

    @Test
    void cleans_leftover_temp_files() throws IOException {
        Files.writeString(tree.metadataFolder().resolve("tmp/download-1.part"), "half");
        Path staging = Files.createDirectories(tree.metadataFolder().resolve("tmp/3"));
        Files.writeString(staging.resolve("download-2.part"), "half");
        assertThat(tempFiles()).hasSize(2);

        tree.cleanTemp();

        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void concurrent_downloads_are_staged_in_separate_folders() throws Exception {
        Set<Path> folders = ConcurrentHashMap.newKeySet();
        CyclicBarrier allStaged = new CyclicBarrier(4);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "f" + i + ".txt";
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    LocalTree.Staged staged = tree.stage(p(name), stream(name), entry(name), Instant.now(), false);
                    folders.add(staged.part().getParent());
                    allStaged.await();
                    tree.place(staged, Optional.empty(), e -> { });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(folders).hasSize(4).allSatisfy(f -> assertThat(f.getParent()).isEqualTo(tree.metadataFolder().resolve("tmp")));
        for (int i = 0; i < 4; i++) {
            assertThat(Files.readString(dir.resolve("f" + i + ".txt"))).isEqualTo("f" + i + ".txt");
        }
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void knows_when_its_marker_is_gone() throws IOException {
        assertThat(tree.markerPresent()).isTrue();
        deleteTree(tree.metadataFolder());
        assertThat(tree.markerPresent()).isFalse();
    }

    private LocalScan scanAll() {
        return tree.scan(ScanRequest.everything(), IgnoreRules.defaults(), p -> null);
    }

    private void install(String path, String content, Optional<LocalEntry> expected) throws IOException {
        install(p(path), stream(content), entry(content), expected, Instant.now(), e -> { });
    }

    private List<Path> tempFiles() {
        return TempFiles.in(tree.metadataFolder().resolve("tmp"));
    }

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Entry entry(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return Entry.file(Sha256.hex(bytes), bytes.length);
    }

    private static RelativePath p(String s) {
        return RelativePath.of(s);
    }

    /** One download staged with force and placed, as a lone download is. */
    private LocalEntry install(RelativePath path, InputStream content, Entry entry, Optional<LocalEntry> expected,
                               Instant modified, Consumer<LocalEntry> beforeRename) throws IOException {
        return tree.place(tree.stage(path, content, entry, modified, true), expected, beforeRename);
    }
}
