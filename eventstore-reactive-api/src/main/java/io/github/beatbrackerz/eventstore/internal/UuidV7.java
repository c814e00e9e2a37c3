package io.github.beatbrackerz.eventstore.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates time-ordered UUIDs of version 7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit
 * counter and 62 random bits. Ids from one JVM increase strictly, which keeps B-tree inserts
 * local. Thread-safe and non-blocking.
 */
public final class UuidV7 {

    private static final AtomicLong LAST = new AtomicLong();

    private UuidV7() {
    }

    /** @return a new version-7 UUID, greater than every earlier one from this JVM */
    public static UUID next() {
        long stamp = nextStamp(System.currentTimeMillis());
        long millis = stamp >>> 12;
        long counter = stamp & 0xFFFL;
        long high = (millis << 16) | 0x7000L | counter;
        long low = (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    private static long nextStamp(long nowMillis) {
        long candidate = nowMillis << 12;
        while (true) {
            long last = LAST.get();
            // when the clock stands still or goes back, the counter (and then the millis) advance
            long next = Math.max(candidate, last + 1);
            if (LAST.compareAndSet(last, next)) {
                return next;
            }
        }
    }
}
