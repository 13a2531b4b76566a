package dev.quantum.bench.load;

import java.time.Instant;

/**
 * Wall-clock microseconds since the epoch (CLOCK_REALTIME). Used where a time is taken in
 * one JVM and compared in another on the same machine, which System.nanoTime cannot do.
 */
public final class Clock {

    private Clock() {
    }

    public static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
