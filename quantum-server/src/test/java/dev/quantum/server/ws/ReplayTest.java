package dev.quantum.server.ws;

import static dev.quantum.server.ws.HubFixture.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.protocol.Message;
import dev.quantum.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replaying the log in batches and joining the live stream, with no gap and no duplicate. */
class ReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(300);
    private final HubFixture hub = new HubFixture();

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void a_replay_of_several_batches_arrives_whole_in_order_filtered_then_goes_live() throws Exception {
        hub.start(HubSettings.defaults());
        List<Long> expected = new ArrayList<>();
        int total = Replay.BATCH * 2 + 100;
        for (int i = 1; i <= total; i++) {
            boolean docs = i % 2 == 0;
            String source = i % 5 == 0 ? "me" : "them";
            hub.feed.commit(create((docs ? "docs/" : "other/") + i), source);
            if (docs && !source.equals("me")) {
                expected.add((long) i);
            }
        }
        WsTestClient c = hub.client();
        c.send(new Message.Subscribe("me", 0L, List.of("docs")));

        assertThat(c.fileOperations(expected.size(), WAIT)).extracting(Message.FileOperation::seq)
                .containsExactlyElementsOf(expected);
        hub.feed.commit(create("docs/live"), "them");
        assertThat(c.fileOperations(1, WAIT).get(0).seq()).isEqualTo(total + 1L);
        assertThat(c.drain(QUIET)).isEmpty();
    }

    @Test
    void subscribers_joining_during_a_stream_of_commits_get_every_later_change_exactly_once() throws Exception {
        hub.start(HubSettings.defaults());
        int total = 2000;
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < total; i++) {
                hub.feed.commit(create("f/" + i), "writer");
            }
        });
        List<WsTestClient> clients = new ArrayList<>();
        List<Long> heads = new ArrayList<>();
        for (int i = 0; i < 6 && !writer.isDone(); i++) {
            WsTestClient c = hub.client();
            heads.add(c.subscribe(new Message.Subscribe("reader-" + i)).seq());
            clients.add(c);
        }
        writer.join();

        for (int i = 0; i < clients.size(); i++) {
            long head = heads.get(i);
            assertThat(clients.get(i).fileOperations((int) (total - head), WAIT)).extracting(Message.FileOperation::seq)
                    .as("reader-%d after head %d", i, head)
                    .containsExactlyElementsOf(LongStream.rangeClosed(head + 1, total).boxed().toList());
            assertThat(clients.get(i).drain(QUIET)).isEmpty();
        }
    }

    @Test
    void a_second_subscribe_replaces_the_first_and_its_filter() throws Exception {
        hub.start(HubSettings.defaults());
        WsTestClient c = hub.client();
        c.subscribe(new Message.Subscribe("c", null, List.of("a")));
        c.subscribe(new Message.Subscribe("c", null, List.of("b")));

        hub.feed.commit(create("a/1"), null);
        hub.feed.commit(create("b/1"), null);

        assertThat(c.fileOperations(1, WAIT).get(0).seq()).isEqualTo(2L);
        assertThat(c.drain(QUIET)).isEmpty();
    }
}
