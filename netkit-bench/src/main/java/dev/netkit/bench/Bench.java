package dev.netkit.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs a {@link BenchPlan}: opens the connections, drives the load, prints a progress line every
 * second, and measures only after the warm-up. Every run ends by itself: after warm-up plus
 * duration, or as soon as every connection has failed.
 */
public final class Bench {

    private Bench() {
    }

    /**
     * Runs {@code plan} on the calling thread and the load's own threads, and returns what it
     * measured: a {@link BenchResult.Load} for ping-pong, stream and connect, plain or over TLS; a
     * {@link BenchResult.Idle} for the idle mode, plain or over TLS; a {@link BenchResult.FanOut}
     * for the fanout mode.
     *
     * @param plan     what to run
     * @param progress where the progress lines go, about one a second (for none, a stream that
     *                 discards them)
     * @return the result; a connection lost while the load runs makes it incomplete rather than
     *         ending the run
     * @throws IOException          when the connections cannot be opened (in idle mode the result
     *                              says why opening stopped instead), the first TLS handshake
     *                              fails, or a fan-out server does not relay
     * @throws InterruptedException when the calling thread is interrupted; the load is stopped
     */
    public static BenchResult run(BenchPlan plan, PrintStream progress) throws IOException, InterruptedException {
        Progress lines = new Progress(progress);
        Connector connector = new Connector(plan.targets(), plan.sources());
        if (plan.tls().isPresent()) {
            return new TlsBench(plan, connector, plan.tls().get(), lines).run();
        }
        return switch (plan.mode()) {
            case PINGPONG, STREAM -> measure(plan, openEchoWorkers(plan, connector, lines), lines, Optional.empty());
            case CONNECT -> measure(plan, new ConnectLoad("connect", ConnectLoad.plain(connector), plan.connections(),
                    plan.connectRate()), lines, Optional.empty());
            case IDLE -> IdleLoad.run(plan, connector, lines);
            case FANOUT -> new FanOutLoad(plan, connector, lines).run();
        };
    }

    /**
     * Connects everything before any load starts, so that connecting is never part of what is
     * measured.
     */
    private static Meter openEchoWorkers(BenchPlan plan, Connector connector, Progress progress)
            throws IOException, InterruptedException {
        int threads = Math.min(plan.threads(), plan.connections());
        List<SelectorWorker<?>> workers = new ArrayList<>(threads);
        try {
            PacedPingPongWorker.Pacing pacing = new PacedPingPongWorker.Pacing(plan.rate(), plan.connections());
            for (int i = 0; i < threads; i++) {
                workers.add(plan.mode() == BenchMode.STREAM ? new StreamWorker(plan.size(), i)
                        : plan.rate() > 0 ? new PacedPingPongWorker(plan.size(), i, pacing)
                        : new PingPongWorker(plan.size(), i));
            }
            SelectorWorker.connect(connector, plan.connections(), workers, progress);
        } catch (IOException | RuntimeException e) {
            for (SelectorWorker<?> w : workers) {
                w.stop();   // never started: closes what it was handed
            }
            throw e;
        }
        return Meter.all(workers);
    }

    /**
     * Starts {@code load}, samples it ({@link Sampling}) until the run is over, then stops it.
     *
     * @param tls what the handshakes agreed on, for a run over TLS
     */
    static BenchResult.Load measure(BenchPlan plan, Meter load, Progress progress, Optional<NegotiatedTls> tls)
            throws InterruptedException {
        Sampling.Window<Traffic> window;
        load.start();
        try {
            window = Sampling.run(plan, load, (before, after, latencies, seconds) -> rate(plan.mode(), before, after,
                    latencies, seconds), progress);
        } finally {
            load.stop();
        }
        Traffic base = window.base();
        Traffic last = window.last();
        return new BenchResult.Load(plan, window.seconds(), last.bytesIn() - base.bytesIn(),
                last.bytesOut() - base.bytesOut(), last.errors(), Latency.of(window.latencies()), window.cpuPercent(),
                window.serverCpuSeconds(), tls);
    }

    private static String rate(BenchMode mode, Traffic before, Traffic after, Histogram latencies, double seconds) {
        return switch (mode) {
            case STREAM -> String.format(Locale.ROOT, "%,.1f MB/s", (after.bytesIn() - before.bytesIn()) / seconds / 1e6);
            case CONNECT -> String.format(Locale.ROOT, "%,.0f connections/s", latencies.getTotalCount() / seconds);
            default -> String.format(Locale.ROOT, "%,.0f round trips/s", latencies.getTotalCount() / seconds);
        };
    }
}
