package dev.netkit.group;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link GroupStats}. Every broadcaster and every member's writer updates
 * them, so they are {@link LongAdder}s (no single contended cache line); the peaks are written
 * only when a queue grows past the previous peak, which is rare.
 */
final class GroupCounters {

    private final LongAdder broadcast = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder disconnectedSlow = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final AtomicInteger peakQueue = new AtomicInteger();
    private final AtomicLong peakQueueBytes = new AtomicLong();

    void broadcast() {
        broadcast.increment();
    }

    void delivered(int messages) {
        delivered.add(messages);
    }

    void disconnectedSlow() {
        disconnectedSlow.increment();
    }

    void dropped() {
        dropped.increment();
    }

    /** Messages entering (positive) or leaving (negative) some member's queue. */
    void queued(int delta) {
        queued.add(delta);
    }

    /** A member's queue now holds {@code length} messages of {@code bytes} in total. */
    void observeQueue(int length, long bytes) {
        if (length > peakQueue.get()) {
            peakQueue.accumulateAndGet(length, Math::max);
        }
        if (bytes > peakQueueBytes.get()) {
            peakQueueBytes.accumulateAndGet(bytes, Math::max);
        }
    }

    GroupStats snapshot(int members) {
        return new GroupStats(members, broadcast.sum(), delivered.sum(), disconnectedSlow.sum(), dropped.sum(),
                queued.sum(), peakQueue.get(), peakQueueBytes.get());
    }
}
