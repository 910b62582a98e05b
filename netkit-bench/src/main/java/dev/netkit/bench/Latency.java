package dev.netkit.bench;

import org.HdrHistogram.Histogram;

/**
 * The latencies of a run's operations, in nanoseconds: how many there were, a few percentiles
 * and the largest.
 *
 * @param count how many latencies were recorded: the run's operations
 * @param p50   the median
 * @param p99   the 99th percentile
 * @param p999  the 99.9th percentile
 * @param max   the largest
 */
public record Latency(long count, long p50, long p99, long p999, long max) {

    /** Reads the figures off a histogram of nanoseconds; all 0 when it is empty. */
    static Latency of(Histogram h) {
        return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
