package dev.quantum.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Change;
import dev.quantum.protocol.JsonCodec;
import dev.quantum.server.sync.ChangeFeed;
import dev.quantum.server.sync.ChangesExpiredException;
import dev.quantum.server.sync.LoggedChange;
import dev.quantum.testkit.FakeClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change log read as stored, for the hub's replay: same changes as the decoded read, nothing decoded. */
class LoggedChangesTest {

    @TempDir
    Path root;
    SyncStore store;

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    private void put(String path) throws IOException {
        store.put(RelativePath.of(path), new ByteArrayInputStream(path.getBytes(StandardCharsets.UTF_8)), 0,
                Precondition.NONE, "laptop");
    }

    @Test
    void logged_changes_are_the_changes_with_their_operation_text_as_the_codec_wrote_it() throws IOException {
        store = SyncStore.open(root, SyncStore.Options.DEFAULT, new FakeClock());
        put("a.txt");
        store.mkdir(RelativePath.of("dir"), null);
        store.move(RelativePath.of("a.txt"), RelativePath.of("dir/a.txt"), "phone");
        store.delete(RelativePath.of("dir/a.txt"), Precondition.NONE, null);

        for (ChangeFeed feed : List.of(store.feed(true), store.feed(false))) {
            List<Change> decoded = feed.changesAfter(1, 10);
            List<LoggedChange> logged = feed.loggedAfter(1, 10);

            assertThat(logged).hasSize(3);
            for (int i = 0; i < logged.size(); i++) {
                Change change = decoded.get(i);
                assertThat(logged.get(i)).isEqualTo(new LoggedChange(change.seq(),
                        JsonCodec.toJson(JsonCodec.operationNode(change.operation())), change.sourceClient()));
            }
            assertThat(feed.loggedAfter(1, 2)).extracting(LoggedChange::seq).containsExactly(2L, 3L);
            assertThat(feed.loggedAfter(4, 10)).isEmpty();
        }
    }

    @Test
    void logged_changes_no_longer_retained_answer_expired() throws IOException {
        store = SyncStore.open(root, new SyncStore.Options(true, Duration.ofDays(30), 2, Duration.ofDays(30)), new FakeClock());
        for (int i = 0; i < 5; i++) {
            put("f" + i);
        }
        store.maintain();

        assertThat(store.loggedAfter(3, 100)).extracting(LoggedChange::seq).containsExactly(4L, 5L);
        assertThatThrownBy(() -> store.loggedAfter(2, 100)).isInstanceOf(ChangesExpiredException.class);
        assertThatThrownBy(() -> store.loggedAfter(6, 100)).isInstanceOf(ChangesExpiredException.class);
    }
}
