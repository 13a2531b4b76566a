package dev.quantum.client.sync;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns watcher events (hints, possibly repeated or out of order) into scan requests:
 * the folders that saw events are collected and handed out together once no event has
 * come for {@code delay}, or at the latest {@code maxDelay} after the first one, so a
 * burst becomes one scan and a steady stream still gets scanned. A lone file event (one
 * path, however many events it got) waits only {@code loneDelay}, so a single saved file
 * is sent at once; a second path turns it into a burst. Lost events (overflow)
 * or too many folders turn the request into a full scan. Thread-safe; time comes only
 * from the injected clock.
 */
public final class WatchAggregator {

    static final int MAX_FOLDERS = 10_000;
    static final int MAX_ENTRIES = 256;

    private final Clock clock;
    private final Duration loneDelay;
    private final Duration delay;
    private final Duration maxDelay;
    private final Set<Path> shallow = new HashSet<>();
    private final Set<Path> deep = new HashSet<>();
    private final Set<Path> entries = new HashSet<>();
    private boolean full;
    private Instant first;
    private Instant last;
    private Instant lastEver;

    public WatchAggregator(Clock clock, Duration delay, Duration maxDelay) {
        this(clock, delay, delay, maxDelay);
    }

    public WatchAggregator(Clock clock, Duration loneDelay, Duration delay, Duration maxDelay) {
        if (loneDelay.isNegative() || delay.compareTo(loneDelay) < 0 || maxDelay.compareTo(delay) < 0) {
            throw new IllegalArgumentException("need 0 <= loneDelay <= delay <= maxDelay, got " + loneDelay + ", " + delay
                    + " and " + maxDelay);
        }
        this.clock = clock;
        this.loneDelay = loneDelay;
        this.delay = delay;
        this.maxDelay = maxDelay;
    }

    /**
     * Something changed at {@code relative} (a path below the root): that entry is looked
     * at, a new folder whole; past {@link #MAX_ENTRIES} entries their folders are listed instead.
     */
    public synchronized void changed(Path relative, boolean newFolder) {
        entries.add(relative);
        if (newFolder) {
            deep.add(relative);
        }
        if (entries.size() > MAX_ENTRIES) {
            entries.forEach(e -> shallow.add(e.getParent() == null ? ScanRequest.ROOT : e.getParent()));
            entries.clear();
        }
        if (shallow.size() + deep.size() > MAX_FOLDERS) {
            full = true;
        }
        touch();
    }

    /** Events were lost; the next scan covers everything. */
    public synchronized void overflow() {
        full = true;
        touch();
    }

    /** When the latest event came, whether or not it was handed out since; empty before the first. */
    public synchronized Optional<Instant> lastEvent() {
        return Optional.ofNullable(lastEver);
    }

    /** When the collected events are due for a scan; empty when there are none. */
    public synchronized Optional<Instant> dueAt() {
        if (first == null) {
            return Optional.empty();
        }
        Instant quiet = last.plus(lone() ? loneDelay : delay);
        Instant latest = first.plus(maxDelay);
        return Optional.of(quiet.isBefore(latest) ? quiet : latest);
    }

    /** The collected request when it is due, starting a new collection; empty otherwise. */
    public synchronized Optional<ScanRequest> takeIfDue() {
        Optional<Instant> due = dueAt();
        if (due.isEmpty() || clock.instant().isBefore(due.get())) {
            return Optional.empty();
        }
        ScanRequest request = full ? ScanRequest.everything() : new ScanRequest(false, shallow, deep, entries);
        shallow.clear();
        deep.clear();
        entries.clear();
        full = false;
        first = null;
        last = null;
        return Optional.of(request);
    }

    private boolean lone() {
        return !full && entries.size() == 1 && deep.isEmpty() && shallow.isEmpty();
    }

    private void touch() {
        last = clock.instant();
        lastEver = last;
        if (first == null) {
            first = last;
        }
    }
}
