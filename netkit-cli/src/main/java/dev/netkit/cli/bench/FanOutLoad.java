package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The fan-out workload: members of a line-based chat room, a few of which send. Any server that
 * relays each line to every other member will do, with any prefix on the line, and with notices
 * of its own (welcomes, joins), which are ignored.
 *
 * <ol>
 *   <li>Open: members connect one after another, each handed to a worker at once, so that the
 *       server's join notices are read while the room fills.</li>
 *   <li>Roll call: sender 0 sends a probe every 100 ms until every other member has heard one, so
 *       every member is in the room before anything is counted; nothing heard within
 *       {@link #ROLL_CALL_NANOS} means the server does not relay, and the run stops saying so
 *       (as it does when the roll call stalls, or a member's connection fails).</li>
 *   <li>Run: each sender sends as fast as its window allows, at most {@code window} messages ahead
 *       of the slowest member's receipt; warm-up, then the measured time.</li>
 *   <li>Drain: senders stop and what is in flight arrives (bounded), so the report can say that
 *       every message reached every other member exactly once.</li>
 * </ol>
 *
 * <p>Threading: runs on the caller's thread; the members run on the workers' threads.
 */
final class FanOutLoad {

    /**
     * The load's lines the server may hold for one member at a time, all senders together: half
     * of the 1,024 lines at which netkit's chat cuts a member off, so that its slow-consumer
     * policy is never what is measured, and its join and leave notices still fit.
     */
    static final int IN_FLIGHT = 512;
    /**
     * How long the roll call may go without one more member hearing it. A relay is slow to reach
     * the last members while its join notices (about members squared / 2 lines) drain.
     */
    static final long ROLL_CALL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long the whole roll call may take. */
    static final long ROLL_CALL_MAX_NANOS = TimeUnit.SECONDS.toNanos(120);
    /**
     * How long the drain may go without a delivery before what is still owed counts as
     * undelivered (a slow relay may take seconds to deliver a full window to every member).
     */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long the whole drain may take. */
    static final long DRAIN_MAX_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final BenchPlan plan;
    private final PrintStream progressOut;
    private final Progress progress;

    FanOutLoad(BenchPlan plan, PrintStream progressOut) {
        this.plan = plan;
        this.progressOut = progressOut;
        this.progress = new Progress(progressOut);
    }

    /** Checks a fan-out plan's numbers; the message names the option at fault. */
    static void check(int connections, int size, int senders) {
        if (connections < 2) {
            throw new IllegalArgumentException("fanout needs at least 2 connections (members), got " + connections);
        }
        if (senders < 1 || senders > connections) {
            throw new IllegalArgumentException("senders must be 1-" + connections + " (the connections), got " + senders);
        }
        if (size < FanOutLine.MIN_SIZE) {
            throw new IllegalArgumentException("fanout messages carry a sequence number and a time stamp: size must be at least "
                    + FanOutLine.MIN_SIZE + ", got " + size);
        }
    }

    /** Messages each sender may be ahead of the slowest member. */
    static int window(int senders) {
        return Math.max(1, IN_FLIGHT / senders);
    }

    BenchResult.FanOut run() throws IOException, InterruptedException {
        int threads = Math.min(plan.threads(), plan.connections());
        FanOutFlow flow = new FanOutFlow(plan.senders(), window(plan.senders()), threads);
        FanOutWorker[] workers = new FanOutWorker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new FanOutWorker(i, flow, plan.size());
        }
        flow.workers(workers);
        for (FanOutWorker w : workers) {
            w.start();
        }
        boolean measured = false;
        try {
            open(workers);
            rollCall(flow, workers);
            flow.phase(FanOutFlow.RUNNING);
            BenchResult.FanOut result = measure(flow, workers);
            measured = true;
            return result;
        } finally {
            if (!measured) {
                for (FanOutWorker w : workers) {
                    w.stop();
                }
            }
        }
    }

    private void open(FanOutWorker[] workers) throws IOException {
        Connector connector = new Connector(plan.target(), plan.sources());
        for (int i = 0; i < plan.connections(); i++) {
            SocketChannel channel = connector.open(i);
            try {
                workers[i % workers.length].add(channel, i);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            int opened = i + 1;
            progress.maybe(() -> "opened " + opened + " of " + plan.connections());
        }
    }

    private void rollCall(FanOutFlow flow, FanOutWorker[] workers) throws IOException, InterruptedException {
        flow.phase(FanOutFlow.ROLL_CALL);
        int others = plan.connections() - 1;
        long start = System.nanoTime();
        long lastNews = start;
        int before = 0;
        int heard;
        while ((heard = heard(workers)) < others) {
            long now = System.nanoTime();
            if (heard > before) {
                before = heard;
                lastNews = now;
            }
            long errors = 0;
            for (FanOutWorker w : workers) {
                errors += w.errors();
            }
            if (errors > 0 || now - lastNews > ROLL_CALL_NANOS || now - start > ROLL_CALL_MAX_NANOS) {
                String where = Connector.describe(plan.target());
                throw new IOException(heard == 0
                        ? "no relay: no member heard another's line within " + TimeUnit.NANOSECONDS.toSeconds(ROLL_CALL_NANOS)
                                + " s; is " + where + " a chat server that relays each line to every other member?"
                        : "only " + heard + " of " + others + " members heard another's line"
                                + (errors > 0 ? " (" + errors + " connections lost)" : ", and no more for "
                                + TimeUnit.NANOSECONDS.toSeconds(now - lastNews) + " s") + " at " + where);
            }
            int h = heard;
            progress.maybe(() -> "roll call: " + h + " of " + others + " members heard the first sender");
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static int heard(FanOutWorker[] workers) {
        int n = 0;
        for (FanOutWorker w : workers) {
            n += w.heard();
        }
        return n;
    }

    /**
     * Samples the workers ({@link Sampling}) until the measured time is over: deliveries are
     * counted from the latency histograms. Then drains, stops the workers and checks the sequence.
     */
    private BenchResult.FanOut measure(FanOutFlow flow, FanOutWorker[] workers) throws InterruptedException {
        Sampling.Window window = Sampling.run(plan, new Sampling.Source() {
            @Override
            public void drainLatencies(Histogram into) {
                for (FanOutWorker w : workers) {
                    w.drainLatencies(into);
                }
            }

            @Override
            public long[] counters() {
                return snapshot(workers);
            }

            @Override
            public int live() {
                return FanOutLoad.live(workers);
            }
        }, this::progress);
        drain(flow, workers);
        for (FanOutWorker w : workers) {
            w.stop();
        }
        long[] all = snapshot(workers);
        long[] base = window.base();
        long[] last = window.last();
        long sentInAll = all[3];
        long deliveredInAll = all[4];
        long sequenceErrors = all[5];
        long errors = all[2];
        long undelivered = errors > 0 ? -1 : sentInAll * (plan.connections() - 1) - deliveredInAll - sequenceErrors;
        return new BenchResult.FanOut(plan, flow.window(), window.seconds(), window.latencies().getTotalCount(),
                last[3] - base[3], last[0] - base[0], last[1] - base[1], errors, sequenceErrors, undelivered,
                window.latencies(), window.cpuPercent());
    }

    /** Stops the senders and waits, bounded, until every message sent has reached every member. */
    private void drain(FanOutFlow flow, FanOutWorker[] workers) throws InterruptedException {
        flow.phase(FanOutFlow.DRAINING);
        long start = System.nanoTime();
        long lastNews = start;
        long delivered = -1;
        while (!flow.drained()) {
            long[] now = snapshot(workers);
            long at = System.nanoTime();
            if (now[4] != delivered) {
                delivered = now[4];
                lastNews = at;
            }
            if (now[2] > 0 || at - lastNews > DRAIN_NANOS || at - start > DRAIN_MAX_NANOS) {
                return;
            }
            progress.maybe(() -> "draining: " + String.format(Locale.ROOT, "%,d", now[3] * (plan.connections() - 1) - now[4] - now[5])
                    + " deliveries in flight");
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private void progress(long elapsed, long span, long[] before, long[] after, Histogram latency, boolean warmup) {
        double seconds = Math.max(span, 1) / 1e9;
        progressOut.printf(Locale.ROOT, "[%5.1fs]%s %,.0f deliveries/s  %,.0f messages/s  p50 %s  p99 %s  max %s  errors %d%n",
                elapsed / 1e9, warmup ? " warm-up" : "", latency.getTotalCount() / seconds,
                (after[3] - before[3]) / seconds, BenchReport.time(latency.getValueAtPercentile(50)),
                BenchReport.time(latency.getValueAtPercentile(99)), BenchReport.time(latency.getMaxValue()), after[2]);
        progressOut.flush();
    }

    /** bytes in, bytes out, errors, sent, delivered, sequence errors: over all workers. */
    private static long[] snapshot(FanOutWorker[] workers) {
        long[] s = new long[6];
        for (FanOutWorker w : workers) {
            s[0] += w.bytesIn();
            s[1] += w.bytesOut();
            s[2] += w.errors();
            s[3] += w.sent();
            s[4] += w.delivered();
            s[5] += w.sequenceErrors();
        }
        return s;
    }

    private static int live(FanOutWorker[] workers) {
        int n = 0;
        for (FanOutWorker w : workers) {
            n += w.live();
        }
        return n;
    }
}
