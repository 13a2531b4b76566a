package dev.quantum.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quantum.protocol.Message;
import dev.quantum.testkit.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-out's two ways of writing (by the committing thread, by the lane's thread) keep every subscriber's order. */
class FanoutTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final HubFixture fixture = new HubFixture();

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void a_lone_subscriber_gets_every_change_once_in_order() throws Exception {
        fixture.start(HubSettings.defaults());
        WsTestClient lone = fixture.client();
        lone.subscribe(new Message.Subscribe("lone"));

        for (int i = 0; i < 300; i++) {
            fixture.feed.commit(HubFixture.create("f/" + i), "writer");
        }

        assertThat(lone.fileOperations(300, WAIT)).extracting(Message.FileOperation::seq).containsExactlyElementsOf(seqs(1, 300));
        assertThat(lone.drain(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void subscribers_joining_and_leaving_past_the_direct_write_limit_still_get_every_change_once_in_order() throws Exception {
        fixture.start(HubSettings.defaults());
        WsTestClient first = fixture.client();
        first.subscribe(new Message.Subscribe("first"));
        int changes = 600;
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < changes; i++) {
                fixture.feed.commit(HubFixture.create("f/" + i), "writer");
            }
        });
        List<WsTestClient> joined = new ArrayList<>();
        for (int i = 0; i < 4 * Fanout.DIRECT_LIMIT * Fanout.defaultLanes(); i++) {
            WsTestClient c = fixture.client();
            c.subscribe(new Message.Subscribe("joined-" + i, 0L, null));
            joined.add(c);
        }
        for (int i = 0; i < joined.size(); i += 2) {
            joined.get(i).close();
        }
        writer.join();

        assertThat(first.fileOperations(changes, WAIT)).extracting(Message.FileOperation::seq).containsExactlyElementsOf(seqs(1, changes));
        for (int i = 1; i < joined.size(); i += 2) {
            assertThat(joined.get(i).fileOperations(changes, WAIT)).extracting(Message.FileOperation::seq)
                    .containsExactlyElementsOf(seqs(1, changes));
            assertThat(joined.get(i).drain(Duration.ofMillis(50))).isEmpty();
        }
    }

    @Test
    void changes_committed_while_a_lane_has_no_connection_reach_a_later_subscriber_from_the_log() throws Exception {
        fixture.start(HubSettings.defaults());
        fixture.feed.commit(HubFixture.create("before-anyone"), "writer");
        WsTestClient early = fixture.client();
        early.subscribe(new Message.Subscribe("early"));
        fixture.feed.commit(HubFixture.create("one-lane-only"), "writer");

        WsTestClient late = fixture.client();
        late.subscribe(new Message.Subscribe("late", 0L, null));
        fixture.feed.commit(HubFixture.create("both"), "writer");

        assertThat(late.fileOperations(3, WAIT)).extracting(Message.FileOperation::seq).containsExactly(1L, 2L, 3L);
        assertThat(early.fileOperations(2, WAIT)).extracting(Message.FileOperation::seq).containsExactly(2L, 3L);
    }
}
