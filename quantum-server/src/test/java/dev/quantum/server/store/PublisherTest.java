package dev.quantum.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quantum.core.RelativePath;
import dev.quantum.core.Operation;
import dev.quantum.protocol.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PublisherTest {

    private final List<Long> heard = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

    @Test
    void a_few_changes_are_handed_over_on_the_committing_thread_before_publish_returns() {
        Publisher publisher = new Publisher(this::hear);

        publisher.publish(changes(1, Publisher.INLINE_UP_TO));

        assertThat(heard).containsExactlyElementsOf(seqs(1, Publisher.INLINE_UP_TO));
        assertThat(threads).containsOnly(Thread.currentThread());
    }

    @Test
    void many_changes_go_to_a_thread_of_their_own_and_later_commits_queue_behind_them() throws Exception {
        CountDownLatch firstDelivered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Publisher publisher = new Publisher(change -> {
            hear(change);
            if (change.seq() == 1) {
                firstDelivered.countDown();
                awaitLatch(release);
            }
        });

        publisher.publish(changes(1, 100));
        assertThat(firstDelivered.await(30, TimeUnit.SECONDS)).isTrue();
        publisher.publish(changes(101, 101)); // small, but a big one is still being delivered
        assertThat(heard).containsExactly(1L);
        release.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == 101);
        assertThat(heard).containsExactlyElementsOf(seqs(1, 101));
        assertThat(threads).doesNotContain(Thread.currentThread());

        publisher.publish(changes(102, 102)); // nothing queued any more: on this thread again
        assertThat(heard).hasSize(102);
        assertThat(threads.getLast()).isEqualTo(Thread.currentThread());
    }

    @Test
    void concurrent_commits_are_each_delivered_once_in_the_order_they_were_published() throws Exception {
        Publisher publisher = new Publisher(this::hear);
        Object order = new Object();
        long[] next = {1};
        List<Thread> committers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            committers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200; i++) {
                    synchronized (order) { // commits are serialized, as the writer's leader is
                        int size = 1 + (i % 9);
                        publisher.publish(changes(next[0], next[0] + size - 1));
                        next[0] += size;
                    }
                }
            }));
        }
        for (Thread t : committers) {
            t.join();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == next[0] - 1);
        assertThat(heard).containsExactlyElementsOf(seqs(1, next[0] - 1));
    }

    private void hear(Change change) {
        heard.add(change.seq());
        threads.add(Thread.currentThread());
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Change> changes(long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(seq -> new Change(seq, new Operation.Delete(RelativePath.of("f" + seq + ".txt")), "c1"))
                .toList();
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
