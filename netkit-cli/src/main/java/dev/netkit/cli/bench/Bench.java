package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link BenchPlan}: opens the connections, drives the load, prints a progress line every
 * second, and measures only after the warm-up. Every run ends by itself: after warm-up plus
 * duration, or as soon as every connection has failed.
 */
public final class Bench {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final BenchPlan plan;
    private final PrintStream progressOut;

    public Bench(BenchPlan plan, PrintStream progressOut) {
        this.plan = plan;
        this.progressOut = progressOut;
    }

    public BenchResult run() throws IOException, InterruptedException {
        return switch (plan.mode()) {
            case IDLE -> new IdleLoad(plan, progressOut).run();
            case CONNECT -> {
                ConnectLoad load = new ConnectLoad("connect", ConnectLoad.plain(new Connector(plan.target(), plan.sources())),
                        plan.connections(), plan.connectRate());
                load.start();
                yield measure(List.of(load));
            }
            case PINGPONG, STREAM -> measure(openWorkers());
            case FANOUT -> new FanOutLoad(plan, progressOut).run();
        };
    }

    /** Connects everything first, so that connecting is never part of what is measured. */
    private List<Meter> openWorkers() throws IOException {
        int threads = Math.min(plan.threads(), plan.connections());
        List<LoadWorker> workers = new ArrayList<>(threads);
        Connector connector = new Connector(plan.target(), plan.sources());
        List<SocketChannel> opened = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                workers.add(new LoadWorker(plan.mode(), plan.size(), i));
            }
            for (int i = 0; i < plan.connections(); i++) {
                SocketChannel channel = connector.open(i);
                opened.add(channel);
                workers.get(i % threads).add(channel);
            }
        } catch (IOException e) {
            for (SocketChannel c : opened) {
                c.close();
            }
            throw e;
        }
        workers.forEach(LoadWorker::start);
        return List.copyOf(workers);
    }

    /**
     * Samples the meters once a second (and at the end of the warm-up) until the run is over.
     * Operations are counted from the latency histograms, so that the count and the percentiles
     * describe exactly the same operations; bytes come from the counters at the same instants.
     */
    BenchResult.Load measure(List<Meter> meters) throws InterruptedException {
        Histogram interval = new Histogram(3);
        Histogram total = new Histogram(3);
        long start = System.nanoTime();
        long measureFrom = start + plan.warmup().toNanos();
        long end = measureFrom + plan.duration().toNanos();
        long nextTick = Math.min(start + SECOND, measureFrom);
        boolean measuring = false;
        long[] base = snapshot(meters);
        long[] previous = base;
        long previousAt = start;
        long measuredStart = start;
        long cpuAtStart = processCpuNanos();
        long cpuAtEnd = cpuAtStart;
        try {
            while (true) {
                long now = System.nanoTime();
                if (nextTick > now) {
                    TimeUnit.NANOSECONDS.sleep(nextTick - now);
                    now = System.nanoTime();
                }
                interval.reset();
                meters.forEach(m -> m.drainLatencies(interval));
                long[] counts = snapshot(meters);
                boolean warmup = !measuring;
                if (measuring) {
                    total.add(interval);
                } else if (now >= measureFrom) {
                    measuring = true;
                    base = counts;
                    measuredStart = now;
                    cpuAtStart = processCpuNanos();
                }
                if (now - previousAt >= SECOND / 10) {
                    progress(now - start, now - previousAt, previous, counts, interval, warmup);
                }
                previous = counts;
                previousAt = now;
                boolean done = measuring && now >= end;
                cpuAtEnd = processCpuNanos();
                if (done || live(meters) == 0) {
                    break;
                }
                nextTick = Math.min(now + SECOND, measuring ? end : measureFrom);
            }
        } finally {
            for (Meter m : meters) {
                m.stop();
            }
        }
        long[] last = previous;
        if (!measuring) {
            // Every connection failed during the warm-up: nothing was measured.
            base = last;
            measuredStart = previousAt;
        }
        double seconds = Math.max(previousAt - measuredStart, 1) / 1e9;
        double cpuPercent = cpuAtStart < 0 ? -1 : (cpuAtEnd - cpuAtStart) / 1e9 / seconds * 100;
        return new BenchResult.Load(plan, seconds, total.getTotalCount(),
                last[1] - base[1], last[2] - base[2], last[3], total, cpuPercent);
    }

    private void progress(long elapsed, long span, long[] before, long[] after, Histogram latency, boolean warmup) {
        double seconds = Math.max(span, 1) / 1e9;
        String rate = switch (plan.mode()) {
            case STREAM -> String.format(Locale.ROOT, "%,.1f MB/s", (after[1] - before[1]) / seconds / 1e6);
            case CONNECT -> String.format(Locale.ROOT, "%,.0f connections/s", latency.getTotalCount() / seconds);
            default -> String.format(Locale.ROOT, "%,.0f round trips/s", latency.getTotalCount() / seconds);
        };
        progressOut.printf(Locale.ROOT, "[%5.1fs]%s %s  p50 %s  p99 %s  max %s  errors %d%n",
                elapsed / 1e9, warmup ? " warm-up" : "", rate,
                BenchReport.time(latency.getValueAtPercentile(50)), BenchReport.time(latency.getValueAtPercentile(99)),
                BenchReport.time(latency.getMaxValue()), after[3]);
        progressOut.flush();
    }

    /** This process's CPU time, or -1 where the JVM does not tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long[] snapshot(List<Meter> meters) {
        long[] s = new long[4];
        for (Meter m : meters) {
            s[3] += m.errors();
            s[2] += m.bytesOut();
            s[1] += m.bytesIn();
        }
        return s;
    }

    private static int live(List<Meter> meters) {
        int n = 0;
        for (Meter m : meters) {
            n += m.live();
        }
        return n;
    }
}
