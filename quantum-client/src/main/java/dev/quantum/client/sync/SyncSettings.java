package dev.quantum.client.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * How one sync run behaves; built from the command line. Immutable.
 *
 * @param clientId        this client's id (sent with writes and in conflict names)
 * @param realtime        subscribe to pushed changes over /ws
 * @param interval        how often to poll the change log while not subscribed
 * @param initialSync     compare everything with a full listing at start, even when resuming
 * @param allowMassDelete let a scan delete any share of the files on the server
 * @param maxDeleteShare  the share of synced files (0..1) a scan may delete without {@code allowMassDelete}
 * @param massDeleteFloor the mass-delete guard only applies from this many synced files
 * @param transfers       how many uploads and downloads run in parallel
 * @param watchDelay      quiet time before a burst of file events is scanned
 * @param watchMaxDelay   longest a steady stream of events waits for its scan
 * @param deleteSettle    how long the folder must have been quiet before deletes are sent to the server, so a
 *                        deletion the watcher reports piecemeal reaches the mass-delete guard whole (zero: at once)
 */
public record SyncSettings(String clientId, boolean realtime, Duration interval, boolean initialSync,
                           boolean allowMassDelete, double maxDeleteShare, int massDeleteFloor, int transfers,
                           Duration watchDelay, Duration watchMaxDelay, Duration deleteSettle) {

    private static final Duration LONE_DELAY = Duration.ofMillis(1);

    public SyncSettings {
        Objects.requireNonNull(clientId, "clientId");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        if (!(maxDeleteShare >= 0 && maxDeleteShare <= 1)) {
            throw new IllegalArgumentException("max delete share must be between 0 and 1: " + maxDeleteShare);
        }
        if (deleteSettle.isNegative()) {
            throw new IllegalArgumentException("delete settle time must not be negative: " + deleteSettle);
        }
        if (transfers < 1) {
            throw new IllegalArgumentException("transfers must be at least 1: " + transfers);
        }
    }

    public SyncSettings withClientId(String id) {
        return new SyncSettings(id, realtime, interval, initialSync, allowMassDelete, maxDeleteShare, massDeleteFloor,
                transfers, watchDelay, watchMaxDelay, deleteSettle);
    }

    /** Quiet time before a lone file event (one path) is scanned: {@link #watchDelay}, but at most 1 ms. */
    public Duration watchLoneDelay() {
        return watchDelay.compareTo(LONE_DELAY) > 0 ? LONE_DELAY : watchDelay;
    }

    /** The longest deletes wait for the folder to settle while other changes keep coming: ten settle times. */
    public Duration deleteMaxWait() {
        return deleteSettle.multipliedBy(10);
    }

    /** How often the whole folder is rescanned even when the watcher reports nothing. */
    public Duration rescanInterval() {
        Duration tenPolls = interval.multipliedBy(10);
        return tenPolls.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : tenPolls;
    }
}
