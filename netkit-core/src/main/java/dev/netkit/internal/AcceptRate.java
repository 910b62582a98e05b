package dev.netkit.internal;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A limit on how fast each client address may connect: a token bucket per address holding up to
 * {@code perSecond} tokens, refilled at {@code perSecond} a second, one taken per connection (so a
 * burst of {@code perSecond} passes, then {@code perSecond} a second).
 *
 * <p>Memory is bounded: at most {@link #MAX_TRACKED} addresses are remembered, the least recently
 * seen forgotten first. A forgotten address starts again with a full bucket, which errs towards
 * letting a client in, never towards refusing one that did nothing. Thread-safe; called by the
 * listener threads.
 */
final class AcceptRate {

    static final int MAX_TRACKED = 16_384;
    private static final long SECOND = 1_000_000_000L;

    private static final class Bucket {
        double tokens;
        long refilledAt;
    }

    private final int perSecond;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<InetAddress, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    AcceptRate(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Takes a token for a connection from {@code address} at {@code now} (nanoTime); false when there is none. */
    boolean tryAccept(InetAddress address, long now) {
        lock.lock();
        try {
            Bucket bucket = buckets.get(address);
            if (bucket == null) {
                bucket = new Bucket();
                bucket.tokens = perSecond;
                bucket.refilledAt = now;
                buckets.put(address, bucket);
            } else {
                long elapsed = Math.max(0, now - bucket.refilledAt);
                bucket.tokens = Math.min(perSecond, bucket.tokens + (double) elapsed * perSecond / SECOND);
                bucket.refilledAt = now;
            }
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Addresses remembered now; never more than {@link #MAX_TRACKED}. */
    int tracked() {
        lock.lock();
        try {
            return buckets.size();
        } finally {
            lock.unlock();
        }
    }
}
