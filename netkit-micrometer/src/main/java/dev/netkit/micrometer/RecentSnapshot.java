package dev.netkit.micrometer;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A snapshot reused while it is younger than a maximum age: a scrape reads a dozen meters of one
 * server, and each would otherwise take its own snapshot (which walks the open connections).
 * Safe for concurrent use: two threads may both take a fresh one, and either is right.
 */
final class RecentSnapshot<T> implements Supplier<T> {

    private record Taken<T>(T value, long atNanos) {
    }

    private final Supplier<T> source;
    private final long maxAgeNanos;
    private volatile Taken<T> last;

    RecentSnapshot(Supplier<T> source, Duration maxAge) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
    }

    @Override
    public T get() {
        long now = System.nanoTime();
        Taken<T> taken = last;
        if (taken == null || now - taken.atNanos() > maxAgeNanos) {
            taken = new Taken<>(source.get(), now);
            last = taken;
        }
        return taken.value();
    }
}
