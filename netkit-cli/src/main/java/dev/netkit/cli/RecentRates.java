package dev.netkit.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Rates over about the last minute: totals sampled now and then (by whoever calls
 * {@link #sample}), and for each name the growth per second between the oldest sample kept and
 * the one given. Keeps a sample a second at most, for a minute. Safe for concurrent use.
 */
final class RecentRates {

    private static final long WINDOW_NANOS = 60_000_000_000L;
    private static final long STEP_NANOS = 1_000_000_000L;

    private record Sample(long nanos, Map<String, Long> totals) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * Records {@code totals}, taken at {@code nanos} ({@link System#nanoTime()}), and returns the
     * rate per second of each over the window; 0 for a name without an older sample.
     */
    Map<String, Double> sample(long nanos, Map<String, Long> totals) {
        lock.lock();
        try {
            Sample newest = samples.peekLast();
            if (newest == null || nanos - newest.nanos() >= STEP_NANOS) {
                samples.addLast(new Sample(nanos, Map.copyOf(totals)));
            }
            while (samples.size() > 2 && nanos - samples.peekFirst().nanos() > WINDOW_NANOS) {
                samples.removeFirst();
            }
            Sample oldest = samples.peekFirst();
            double seconds = (nanos - oldest.nanos()) / 1e9;
            Map<String, Double> rates = new HashMap<>();
            totals.forEach((name, total) -> {
                Long before = oldest.totals().get(name);
                rates.put(name, before == null || seconds <= 0 ? 0.0 : (total - before) / seconds);
            });
            return rates;
        } finally {
            lock.unlock();
        }
    }
}
