package dev.quantum.client.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quantum.client.sync.LocalEntry;
import dev.quantum.client.sync.StateStoreException;
import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private SqliteStateStore open() {
        return SqliteStateStore.open(dir.resolve("state.db"), CLOCK);
    }

    @Test
    void remembers_identity_server_and_log_position_across_restarts() {
        try (var store = open()) {
            assertThat(store.clientId()).isEmpty();
            assertThat(store.lastSeq()).isZero();
            store.saveClientId("laptop");
            store.saveServerUrl("http://127.0.0.1:8080");
            store.saveLastSeq(42);
            store.saveIgnoreText("*.log\n");
        }
        try (var store = open()) {
            assertThat(store.clientId()).contains("laptop");
            assertThat(store.serverUrl()).contains("http://127.0.0.1:8080");
            assertThat(store.lastSeq()).isEqualTo(42);
            assertThat(store.ignoreText()).contains("*.log\n");
        }
    }

    @Test
    void records_many_base_entries_in_one_call_replacing_what_was_there() {
        try (var store = open()) {
            store.putBase(p("a.txt"), file("old", 1));
            java.util.Map<RelativePath, LocalEntry> batch = new java.util.TreeMap<>();
            for (int i = 0; i < 500; i++) {
                batch.put(p("d/f" + i), file("h" + i, i));
            }
            batch.put(p("a.txt"), file("new", 2));
            batch.put(p("d"), LocalEntry.directory());
            store.putBase(batch);
            store.putBase(java.util.Map.of());
        }
        try (var store = open()) {
            assertThat(store.loadBase()).hasSize(502).containsEntry(p("a.txt"), file("new", 2))
                    .containsEntry(p("d/f499"), file("h499", 499)).containsEntry(p("d"), LocalEntry.directory());
        }
    }

    @Test
    void keeps_the_base_per_path() {
        try (var store = open()) {
            store.putBase(p("a.txt"), file("h1", 10));
            store.putBase(p("d"), LocalEntry.directory());
            store.putBase(p("a.txt"), file("h2", 20));
        }
        try (var store = open()) {
            assertThat(store.loadBase()).containsExactly(
                    java.util.Map.entry(p("a.txt"), file("h2", 20)),
                    java.util.Map.entry(p("d"), LocalEntry.directory()));
        }
    }

    @Test
    void removing_a_folder_forgets_what_is_below_it_and_nothing_else() {
        try (var store = open()) {
            for (String path : new String[] {"a", "a/x", "a/s/y", "a!", "ab", "b"}) {
                store.putBase(p(path), file("h", 1));
            }
            store.removeBase(p("a"));

            assertThat(store.loadBase()).containsOnlyKeys(p("a!"), p("ab"), p("b"));
        }
    }

    @Test
    void moving_a_folder_renames_what_is_below_it_and_replaces_the_target() {
        try (var store = open()) {
            store.putBase(p("d"), LocalEntry.directory());
            store.putBase(p("d/x"), file("h1", 1));
            store.putBase(p("e"), LocalEntry.directory());
            store.putBase(p("e/old"), file("h0", 1));
            store.putBase(p("dz"), file("h2", 1));

            store.moveBase(p("d"), p("e"));

            assertThat(store.loadBase()).containsOnlyKeys(p("e"), p("e/x"), p("dz"));
            assertThat(store.loadBase().get(p("e/x"))).isEqualTo(file("h1", 1));
        }
    }

    @Test
    void a_reset_forgets_the_base_the_failures_and_the_log_position_but_not_the_identity() {
        try (var store = open()) {
            store.saveClientId("laptop");
            store.saveLastSeq(9);
            store.putBase(p("a"), file("h", 1));
            store.putPending(p("a"), "boom");

            store.resetBase();

            assertThat(store.loadBase()).isEmpty();
            assertThat(store.loadPending()).isEmpty();
            assertThat(store.lastSeq()).isZero();
            assertThat(store.clientId()).contains("laptop");
        }
    }

    @Test
    void keeps_failed_paths_until_they_succeed() {
        try (var store = open()) {
            store.putPending(p("a"), "server said 500");
            store.putPending(p("a"), "server said 503");
            store.putPending(p("b"), "disk full");
            store.removePending(p("b"));
        }
        try (var store = open()) {
            assertThat(store.loadPending()).containsExactly(java.util.Map.entry(p("a"), "server said 503"));
        }
    }

    @Test
    void refuses_a_database_from_a_newer_client() throws Exception {
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"))) {
            db.createStatement().execute("PRAGMA user_version = 99");
        }

        assertThatThrownBy(this::open).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("newer client (schema 99)");
    }

    @Test
    void says_which_file_it_cannot_open() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain"), "x");

        assertThatThrownBy(() -> SqliteStateStore.open(notADirectory.resolve("state.db"), CLOCK))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("cannot open the state database").hasMessageContaining("plain");
    }

    private static LocalEntry file(String hash, long size) {
        return new LocalEntry(Entry.file(hash, size), 123);
    }

    private static RelativePath p(String s) {
        return RelativePath.of(s);
    }
}
