package dev.quantum.client.sync;

import dev.quantum.core.RelativePath;
import dev.quantum.protocol.Message;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What wakes the sync loop and what it should look at then: folders the watcher saw
 * change, operations the server pushed, the poll and rescan timers, and paths a pass
 * asked to revisit. The watcher and the push channel record from their own threads;
 * {@link #collect} and the follow-up methods run on the loop thread.
 */
final class Triggers implements PushEvents {

    /** One turn's work: folders to scan, pushed changes, whether to read the log, paths to plan again. */
    record Trigger(ScanRequest scan, List<Message.FileOperation> pushed, boolean poll, Set<RelativePath> retry) {
        boolean isEmpty() {
            return scan.isEmpty() && pushed.isEmpty() && !poll && retry.isEmpty();
        }
    }

    private final SyncSettings settings;
    private final Clock clock;
    private final WatchAggregator aggregator;
    private final Wakeup wakeup;
    private final ConcurrentLinkedQueue<Message.FileOperation> pushed = new ConcurrentLinkedQueue<>();
    private final Set<RelativePath> replan = new TreeSet<>();
    private final Set<RelativePath> replanLater = new TreeSet<>();
    private Instant replanAt;
    private final Set<Path> rescan = new HashSet<>();
    private final Set<Path> rescanDeep = new HashSet<>();
    private volatile boolean subscribed;
    private volatile boolean resubscribed;
    private Instant nextPoll;
    private Instant nextRescan;

    Triggers(SyncSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.aggregator = new WatchAggregator(clock, settings.watchLoneDelay(), settings.watchDelay(), settings.watchMaxDelay());
        this.wakeup = new Wakeup(clock);
        this.nextPoll = clock.instant().plus(settings.interval());
        this.nextRescan = clock.instant().plus(settings.rescanInterval());
    }

    WatchAggregator aggregator() {
        return aggregator;
    }

    void wake() {
        wakeup.signal();
    }

    /** Sleeps until something is due or recorded. */
    void await() throws InterruptedException {
        Optional<Instant> next = Stream.of(aggregator.dueAt(), Optional.of(nextRescan), Optional.ofNullable(replanAt),
                        subscribed ? Optional.<Instant>empty() : Optional.of(nextPoll))
                .flatMap(Optional::stream).min(Instant::compareTo);
        wakeup.await(next);
    }

    /** Takes everything that is due now; {@code problems} are retried whenever a timer fires. */
    Trigger collect(Supplier<Set<RelativePath>> problems) {
        Instant now = clock.instant();
        ScanRequest scan = aggregator.takeIfDue().orElse(ScanRequest.nothing());
        Set<RelativePath> retry = new TreeSet<>(replan);
        replan.clear();
        if (replanAt != null && !now.isBefore(replanAt)) {
            retry.addAll(replanLater);
            replanLater.clear();
            replanAt = null;
        }
        if (!rescan.isEmpty() || !rescanDeep.isEmpty()) {
            scan = scan.and(new ScanRequest(false, rescan, rescanDeep));
            rescan.clear();
            rescanDeep.clear();
        }
        if (!now.isBefore(nextRescan)) {
            scan = ScanRequest.everything();
            retry.addAll(problems.get());
            nextRescan = now.plus(settings.rescanInterval());
        }
        boolean poll = resubscribed || (!subscribed && !now.isBefore(nextPoll));
        if (poll) {
            resubscribed = false;
            nextPoll = now.plus(settings.interval());
            retry.addAll(problems.get());
        }
        List<Message.FileOperation> ops = new ArrayList<>();
        for (Message.FileOperation op; (op = pushed.poll()) != null; ) {
            ops.add(op);
        }
        return new Trigger(scan, ops, poll, retry);
    }

    /** Plans these paths again on the next turn. */
    void replan(Collection<RelativePath> paths) {
        if (!paths.isEmpty()) {
            replan.addAll(paths);
            wakeup.signal();
        }
    }

    /** Plans these paths again on the first turn from {@code at} (all paths waiting so, at the latest {@code at} given). */
    void replanAt(Collection<RelativePath> paths, Instant at) {
        if (!paths.isEmpty()) {
            replanLater.addAll(paths);
            replanAt = replanAt == null || replanAt.isBefore(at) ? at : replanAt;
            wakeup.signal();
        }
    }

    /** Looks again at {@code path} (an on-disk relative path), all of it, and at the folder holding it, on the next turn. */
    void rescanAround(Path path) {
        Path parent = path.getParent();
        rescan.add(parent == null ? ScanRequest.ROOT : parent);
        rescanDeep.add(path);
        wakeup.signal();
    }

    /** After losing the server: the next poll is one interval away. */
    void pollLater() {
        nextPoll = clock.instant().plus(settings.interval());
    }

    // ---- push events (called on the channel's threads) ----------------------------------

    @Override
    public void subscribed(long head) {
        subscribed = true;
        resubscribed = true;
        wakeup.signal();
    }

    @Override
    public void operation(Message.FileOperation operation) {
        pushed.add(operation);
        wakeup.signal();
    }

    @Override
    public void disconnected(String reason, Duration retryIn) {
        subscribed = false;
        wakeup.signal();
    }
}
