package dev.quantum.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.client.remote.HttpRemoteServer;
import dev.quantum.client.remote.ServerAddress;
import dev.quantum.client.sync.Answer;
import dev.quantum.client.sync.Committed;
import dev.quantum.client.sync.RemoteException;
import dev.quantum.client.sync.RemoteServer;
import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.protocol.ChangesPage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's HTTP side against the real server (one for the class): every answer maps to what the sync loop expects. */
class HttpRemoteServerTest {

    @TempDir
    static Path dir;
    static ServerProcess server;
    static HttpRemoteServer remote;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start(dir.resolve("root"), dir);
        remote = new HttpRemoteServer(HttpRemoteServer.newClient(), ServerAddress.parse(server.url()), "tester",
                Optional.of("any-token"), "test");
    }

    @AfterAll
    static void stop() throws Exception {
        remote.close();
        server.close();
    }

    @Test
    void uploads_are_create_only_or_conditional_on_the_version_they_replace() throws Exception {
        Path v1 = file("v1");
        Path v2 = file("v2");

        RemoteServer.Uploaded first = remote.upload(p("docs/a.txt"), v1, Optional.empty());
        FileMetadata created = first.metadata();
        assertThatThrownBy(() -> remote.upload(p("docs/a.txt"), v2, Optional.empty())).isInstanceOf(RemoteException.Stale.class);
        RemoteServer.Uploaded second = remote.upload(p("docs/a.txt"), v2, Optional.of(created.hash()));
        FileMetadata updated = second.metadata();
        assertThatThrownBy(() -> remote.upload(p("docs/a.txt"), v1, Optional.of(created.hash()))).isInstanceOf(RemoteException.Stale.class);

        assertThat(first.sent()).as("hash of what was sent").isEqualTo(created.hash());
        assertThat(second.sent()).isEqualTo(updated.hash());
        assertThat(created.size()).isEqualTo(2);
        assertThat(updated.hash()).isNotEqualTo(created.hash());
        assertThat(first.committed().known()).isTrue();
        assertThat(second.committed().first()).isEqualTo(second.committed().last()).isGreaterThan(first.committed().last());
        try (InputStream in = remote.download(p("docs/a.txt"))) {
            assertThat(new String(in.readAllBytes())).isEqualTo("v2");
        }
    }

    @Test
    void lists_with_the_log_head_and_reads_the_log_after_a_position() throws Exception {
        long before = remote.list().seq();
        remote.mkdir(p("d/e"));
        remote.upload(p("d/e/x.txt"), file("x"), Optional.empty());

        RemoteServer.Listing listing = remote.list();
        ChangesPage changes = remote.changesSince(before);

        assertThat(listing.entries()).extracting(m -> m.path().value()).contains("d", "d/e", "d/e/x.txt");
        assertThat(listing.seq()).isGreaterThan(before).isEqualTo(changes.seq());
        assertThat(changes.changes()).isNotEmpty().allSatisfy(c -> assertThat(c.sourceClient()).isEqualTo("tester"));
        assertThat(changes.changes().getLast().operation()).isInstanceOf(Operation.Create.class);
        assertThat(remote.changesSince(listing.seq()).changes()).isEmpty();
    }

    @Test
    void every_write_says_which_seqs_it_committed() throws Exception {
        long head = remote.list().seq();

        Committed mkdir = remote.mkdir(p("seqs/a/b"));
        Committed again = remote.mkdir(p("seqs/a/b"));
        Committed upload = remote.upload(p("seqs/a/b/f.txt"), file("f"), Optional.empty()).committed();
        Committed move = remote.move(p("seqs/a/b/f.txt"), p("seqs/g.txt"));
        Committed delete = remote.delete(p("seqs"), Optional.empty());

        assertThat(mkdir).isEqualTo(new Committed(head + 1, head + 3));
        assertThat(again.known()).as("an existing folder commits nothing").isFalse();
        assertThat(upload).isEqualTo(new Committed(head + 4, head + 4));
        assertThat(move.first()).isEqualTo(head + 5);
        assertThat(delete.first()).isEqualTo(move.last() + 1);
        assertThat(remote.changesSince(head).changes()).hasSize((int) (delete.last() - head));
    }

    @Test
    void a_batch_answers_for_each_file_as_its_single_request_would() throws Exception {
        FileMetadata kept = remote.upload(p("batch/kept.txt"), file("kept"), Optional.empty()).metadata();
        FileMetadata same = remote.upload(p("batch/same.txt"), file("same"), Optional.empty()).metadata();
        long head = remote.list().seq();

        List<Answer<RemoteServer.Uploaded>> stored = remote.uploadAll(List.of(
                new RemoteServer.Upload(p("batch/new.txt"), file("new"), Optional.empty()),
                new RemoteServer.Upload(p("batch/kept.txt"), file("edited"), Optional.of("0".repeat(64))),
                new RemoteServer.Upload(p("batch/sub/deep.txt"), file("deep"), Optional.empty()),
                new RemoteServer.Upload(p("batch/same.txt"), file("same"), Optional.of(same.hash()))));

        assertThat(stored).extracting(Answer::path).containsExactly(p("batch/new.txt"), p("batch/kept.txt"),
                p("batch/sub/deep.txt"), p("batch/same.txt"));
        RemoteServer.Uploaded created = stored.get(0).get();
        assertThat(created.committed()).isEqualTo(new Committed(head + 1, head + 1));
        assertThat(created.sent()).isEqualTo(created.metadata().hash());
        assertThatThrownBy(() -> stored.get(1).get()).isInstanceOf(RemoteException.Stale.class);
        assertThat(stored.get(2).get().committed()).as("its new folder first").isEqualTo(new Committed(head + 2, head + 3));
        assertThat(stored.get(3).get().committed()).as("already there: nothing committed").isEqualTo(Committed.UNKNOWN);
        assertThat(remote.changesSince(head).changes()).hasSize(3)
                .allSatisfy(c -> assertThat(c.sourceClient()).isEqualTo("tester"));

        List<String> fetched = new ArrayList<>();
        remote.downloadAll(List.of(p("batch/new.txt"), p("batch/missing.txt"), p("batch/kept.txt")), answer -> {
            try (InputStream in = answer.get()) {
                fetched.add(answer.path() + ": " + new String(in.readAllBytes()));
            } catch (RemoteException e) {
                fetched.add(answer.path() + ": " + e.getClass().getSimpleName());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(fetched).containsExactly("batch/new.txt: new", "batch/missing.txt: Stale", "batch/kept.txt: kept");
        assertThat(kept.size()).isEqualTo(4);
    }

    @Test
    void a_position_past_the_head_is_an_expired_log() {
        assertThatThrownBy(() -> remote.changesSince(1_000_000)).isInstanceOf(RemoteException.Expired.class);
    }

    @Test
    void deletes_are_conditional_and_absent_is_fine() throws Exception {
        FileMetadata m = remote.upload(p("del/a.txt"), file("a"), Optional.empty()).metadata();

        assertThatThrownBy(() -> remote.delete(p("del/a.txt"), Optional.of("0".repeat(64)))).isInstanceOf(RemoteException.Stale.class);
        remote.delete(p("del/a.txt"), Optional.of(m.hash()));
        remote.delete(p("del/a.txt"), Optional.of(m.hash()));
        assertThatThrownBy(() -> remote.download(p("del/a.txt"))).isInstanceOf(RemoteException.Stale.class);
    }

    @Test
    void moves_folders_in_one_change() throws Exception {
        remote.upload(p("old/x.txt"), file("x"), Optional.empty());
        long before = remote.list().seq();

        remote.move(p("old"), p("new/place"));

        ChangesPage page = remote.changesSince(before);
        assertThat(page.changes()).extracting(c -> c.operation()).filteredOn(Operation.Move.class::isInstance)
                .containsExactly(new Operation.Move(p("old"), p("new/place")));
        assertThatThrownBy(() -> remote.move(p("old"), p("elsewhere"))).isInstanceOf(RemoteException.Stale.class);
    }

    @Test
    void empty_files_are_files_too() throws Exception {
        FileMetadata empty = remote.upload(p("empty.txt"), file(""), Optional.empty()).metadata();

        assertThat(empty.size()).isZero();
        assertThat(empty.isDirectory()).isFalse();
        try (InputStream in = remote.download(p("empty.txt"))) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void names_needing_escapes_survive_the_round_trip() throws Exception {
        RelativePath odd = p("with space/h#sh?q%25/caf\u00e9 & co+.txt");

        remote.upload(odd, file("odd"), Optional.empty());

        assertThat(remote.list().entries()).extracting(FileMetadata::path).contains(odd);
        try (InputStream in = remote.download(odd)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("odd");
        }
    }

    @Test
    void an_unreachable_server_is_unavailable_not_a_problem() throws Exception {
        try (HttpRemoteServer nowhere = new HttpRemoteServer(HttpRemoteServer.newClient(),
                ServerAddress.parse("http://127.0.0.1:" + Launch.freePort()), "tester", Optional.empty(), "test")) {
            assertThatThrownBy(nowhere::list).isInstanceOf(RemoteException.Unavailable.class)
                    .hasMessageContaining("cannot reach the server");
            assertThatThrownBy(() -> nowhere.download(p("a.txt"))).isInstanceOf(RemoteException.Unavailable.class)
                    .hasMessageContaining("cannot reach the server");
            assertThatThrownBy(() -> nowhere.upload(p("a.txt"), file("a"), Optional.empty()))
                    .isInstanceOf(RemoteException.Unavailable.class).hasMessageContaining("cannot reach the server");
        }
    }

    private static Path file(String content) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "up-", ".bin"), content);
    }

    private static RelativePath p(String s) {
        return RelativePath.of(s);
    }
}
