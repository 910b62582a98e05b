package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a {@link BenchPlan}: opens the connections, drives the load, prints a progress line every
 * second, and measures only after the warm-up. Every run ends by itself: after warm-up plus
 * duration, or as soon as every connection has failed.
 */
public final class Bench {


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

    /** Samples the meters ({@link Sampling}) until the run is over, then stops them. */
    BenchResult.Load measure(List<Meter> meters) throws InterruptedException {
        Sampling.Window window;
        try {
            window = Sampling.run(plan, new Sampling.Source() {
                @Override
                public void drainLatencies(Histogram into) {
                    meters.forEach(m -> m.drainLatencies(into));
                }

                @Override
                public long[] counters() {
                    return snapshot(meters);
                }

                @Override
                public int live() {
                    return Bench.live(meters);
                }
            }, this::progress);
        } finally {
            for (Meter m : meters) {
                m.stop();
            }
        }
        long[] base = window.base();
        long[] last = window.last();
        return new BenchResult.Load(plan, window.seconds(), window.latencies().getTotalCount(),
                last[1] - base[1], last[2] - base[2], last[3], window.latencies(), window.cpuPercent());
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
