package dev.netkit.bench;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
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

    /** A workload's counters at one instant; they only grow. Every progress line shows the errors. */
    interface Counters {
        /** Connections that failed or were closed by the server. */
        long errors();
    }

    /** What is sampled: a workload's meters, seen as one. */
    interface Source<C extends Counters> {
        /** Latencies (ns) recorded since the previous call, moved into {@code into}. */
        void drainLatencies(Histogram into);

        /** The counters, summed over the connections; compared between samples. */
        C counters();

        /** Connections still running; at 0 the run ends early. */
        int live();

        /**
         * Called after each sample, once its latencies and counters are read: whether they were
         * part of the measured window ({@code false} in the warm-up), for what a source measures
         * beside the latencies it drains.
         */
        default void sampled(boolean measured) {
        }
    }

    /** The rate a progress line shows: {@code seconds} from {@code before} to {@code after}, with their latencies. */
    @FunctionalInterface
    interface Rate<C> {
        String format(C before, C after, Histogram latencies, double seconds);
    }

    /**
     * The measured window: its latencies, the counters at its start ({@code base}) and at the last
     * sample ({@code last}), its length, and this process's CPU use over it in percent of one CPU
     * (-1 where the JVM does not tell), and the CPU time the server used over it in seconds, user
     * and system (-1 when the plan names no server process or its CPU cannot be read). When every
     * connection failed during the warm-up, nothing was measured: {@code base} is {@code last} and
     * the window is empty.
     */
    record Window<C>(Histogram latencies, C base, C last, double seconds, double cpuPercent,
                     double serverCpuSeconds) {
    }

    private Sampling() {
    }

    static <C extends Counters> Window<C> run(BenchPlan plan, Source<C> source, Rate<C> rate, Progress progress)
            throws InterruptedException {
        Histogram interval = new Histogram(3);
        Histogram total = new Histogram(3);
        long start = System.nanoTime();
        long measureFrom = start + plan.warmup().toNanos();
        long end = measureFrom + plan.duration().toNanos();
        long nextTick = Math.min(start + SECOND, measureFrom);
        boolean measuring = false;
        C base = source.counters();
        C previous = base;
        long previousAt = start;
        long measuredStart = start;
        long cpuAtStart = processCpuNanos();
        long cpuAtEnd = cpuAtStart;
        long serverAtStart = serverCpuNanos(plan);
        long serverAtEnd = serverAtStart;
        while (true) {
            long now = System.nanoTime();
            if (nextTick > now) {
                TimeUnit.NANOSECONDS.sleep(nextTick - now);
                now = System.nanoTime();
            }
            interval.reset();
            source.drainLatencies(interval);
            C counts = source.counters();
            boolean warmup = !measuring;
            source.sampled(measuring);
            if (measuring) {
                total.add(interval);
            } else if (now >= measureFrom) {
                measuring = true;
                base = counts;
                measuredStart = now;
                cpuAtStart = processCpuNanos();
                serverAtStart = serverCpuNanos(plan);
            }
            if (now - previousAt >= SECOND / 10) {
                double seconds = (now - previousAt) / 1e9;
                progress.sample(now - start, warmup, rate.format(previous, counts, interval, seconds),
                        Latency.of(interval), counts.errors());
            }
            previous = counts;
            previousAt = now;
            cpuAtEnd = processCpuNanos();
            serverAtEnd = serverCpuNanos(plan);
            if ((measuring && now >= end) || source.live() == 0) {
                break;
            }
            nextTick = Math.min(now + SECOND, measuring ? end : measureFrom);
        }
        if (!measuring) {
            base = previous;
            measuredStart = previousAt;
            serverAtStart = serverAtEnd;
        }
        double seconds = Math.max(previousAt - measuredStart, 1) / 1e9;
        double cpuPercent = cpuAtStart < 0 ? -1 : (cpuAtEnd - cpuAtStart) / 1e9 / seconds * 100;
        double serverCpu = serverAtStart < 0 || serverAtEnd < 0 ? -1 : (serverAtEnd - serverAtStart) / 1e9;
        return new Window<>(total, base, previous, seconds, cpuPercent, serverCpu);
    }

    /** The CPU time of the plan's server process, or -1 when it names none or it cannot be read. */
    private static long serverCpuNanos(BenchPlan plan) {
        return plan.serverPid().isPresent() ? ProcessCpu.nanos(plan.serverPid().getAsLong()) : -1;
    }

    /** This process's CPU time, or -1 where the JVM does not tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
