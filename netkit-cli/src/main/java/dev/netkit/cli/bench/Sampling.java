package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * The sampling loop every measured workload shares: once a second (and at the end of the
 * warm-up) it drains the latency histograms and reads the counters at the same instant, prints a
 * progress line, and stops when the measured time is over or no connection is left. Operations
 * are counted from the histograms, so that the count and the percentiles describe exactly the
 * same operations.
 */
final class Sampling {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** What is sampled: the workload's meters, seen as one. */
    interface Source {
        void drainLatencies(Histogram into);

        /** The workload's own counters, summed over its connections; compared between samples. */
        long[] counters();

        /** Connections still running; at 0 the run ends early. */
        int live();
    }

    /** Prints one progress line: {@code span} nanoseconds from {@code before} to {@code after}. */
    @FunctionalInterface
    interface Progress {
        void print(long elapsed, long span, long[] before, long[] after, Histogram latency, boolean warmup);
    }

    /**
     * The measured window: its latencies, the counters at its start ({@code base}) and at the last
     * sample ({@code last}), its length, and this process's CPU use over it in percent of one CPU
     * (-1 where the JVM does not tell). When every connection failed during the warm-up, nothing
     * was measured: {@code base} is {@code last} and the window is empty.
     */
    record Window(Histogram latencies, long[] base, long[] last, double seconds, double cpuPercent) {
    }

    private Sampling() {
    }

    static Window run(BenchPlan plan, Source source, Progress progress) throws InterruptedException {
        Histogram interval = new Histogram(3);
        Histogram total = new Histogram(3);
        long start = System.nanoTime();
        long measureFrom = start + plan.warmup().toNanos();
        long end = measureFrom + plan.duration().toNanos();
        long nextTick = Math.min(start + SECOND, measureFrom);
        boolean measuring = false;
        long[] base = source.counters();
        long[] previous = base;
        long previousAt = start;
        long measuredStart = start;
        long cpuAtStart = Bench.processCpuNanos();
        long cpuAtEnd = cpuAtStart;
        while (true) {
            long now = System.nanoTime();
            if (nextTick > now) {
                TimeUnit.NANOSECONDS.sleep(nextTick - now);
                now = System.nanoTime();
            }
            interval.reset();
            source.drainLatencies(interval);
            long[] counts = source.counters();
            boolean warmup = !measuring;
            if (measuring) {
                total.add(interval);
            } else if (now >= measureFrom) {
                measuring = true;
                base = counts;
                measuredStart = now;
                cpuAtStart = Bench.processCpuNanos();
            }
            if (now - previousAt >= SECOND / 10) {
                progress.print(now - start, now - previousAt, previous, counts, interval, warmup);
            }
            previous = counts;
            previousAt = now;
            cpuAtEnd = Bench.processCpuNanos();
            if ((measuring && now >= end) || source.live() == 0) {
                break;
            }
            nextTick = Math.min(now + SECOND, measuring ? end : measureFrom);
        }
        if (!measuring) {
            base = previous;
            measuredStart = previousAt;
        }
        double seconds = Math.max(previousAt - measuredStart, 1) / 1e9;
        double cpuPercent = cpuAtStart < 0 ? -1 : (cpuAtEnd - cpuAtStart) / 1e9 / seconds * 100;
        return new Window(total, base, previous, seconds, cpuPercent);
    }
}
