package dev.quantum.client.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.client.state.SqliteStateStore;
import dev.quantum.core.RelativePath;
import dev.quantum.core.reconcile.Entry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseRecorderTest {

    @TempDir
    Path dir;

    @Test
    void remembered_entries_reach_the_store_by_full_batches_and_the_rest_on_flush() throws Exception {
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db"), Clock.systemUTC())) {
            Base base = new Base(store);
            BaseRecorder recorder = new BaseRecorder(base);
            int total = BaseRecorder.BATCH + 10;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                RelativePath path = RelativePath.of("f" + i);
                done.add(pool.submit(() -> {
                    base.remember(path, new LocalEntry(Entry.file("h", 1), 7));
                    recorder.record(path);
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();

            assertThat(store.loadBase().size()).isGreaterThanOrEqualTo(BaseRecorder.BATCH);
            recorder.flush();
            assertThat(store.loadBase()).hasSize(total).containsEntry(RelativePath.of("f3"), new LocalEntry(Entry.file("h", 1), 7));
        }
    }

    @Test
    void nothing_is_written_before_a_batch_is_full_or_flushed() {
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db"), Clock.systemUTC())) {
            Base base = new Base(store);
            BaseRecorder recorder = new BaseRecorder(base);
            for (int i = 0; i < BaseRecorder.BATCH - 1; i++) {
                RelativePath path = RelativePath.of("f" + i);
                base.remember(path, new LocalEntry(Entry.file("h", 1), 7));
                recorder.record(path);
            }
            assertThat(store.loadBase()).isEmpty();

            base.remember(RelativePath.of("last"), new LocalEntry(Entry.file("h", 1), 7));
            recorder.record(RelativePath.of("last"));

            assertThat(store.loadBase()).hasSize(BaseRecorder.BATCH);
        }
    }

    @Test
    void an_entry_undone_before_the_flush_is_not_written() {
        try (SqliteStateStore store = SqliteStateStore.open(dir.resolve("state.db"), Clock.systemUTC())) {
            Base base = new Base(store);
            BaseRecorder recorder = new BaseRecorder(base);
            RelativePath path = RelativePath.of("gone.txt");
            base.remember(path, new LocalEntry(Entry.file("h", 1), 7));
            recorder.record(path);
            base.restore(path, null);

            recorder.flush();

            assertThat(store.loadBase()).isEmpty();
        }
    }
}
