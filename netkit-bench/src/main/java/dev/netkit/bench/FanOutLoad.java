package dev.netkit.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 *       of the slowest member's receipt; or, paced, its messages as they fall due, the window
 *       still holding back (and counting as late) what a server that falls behind has not
 *       delivered; warm-up, then the measured time.</li>
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
    /**
     * Paced runs: how far behind its schedule a message must be, when the measured time ends, to
     * count as behind (not one the alarm is about to send).
     */
    static final long BEHIND_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final BenchPlan plan;
    private final Connector connector;
    private final Progress progress;
    /** Each message sent is owed to every member but its sender. */
    private final int recipients;

    FanOutLoad(BenchPlan plan, Connector connector, Progress progress) {
        this.plan = plan;
        this.connector = connector;
        this.progress = progress;
        this.recipients = plan.connections() - 1;
    }

    BenchResult.FanOut run() throws IOException, InterruptedException {
        int threads = Math.min(plan.threads(), plan.connections());
        FanOutFlow flow = new FanOutFlow(plan.senders(), Math.max(1, IN_FLIGHT / plan.senders()), threads,
                plan.rate() > 0 ? 1e9 / plan.rate() : 0, plan.targets().size());
        List<FanOutWorker> workers = new ArrayList<>(threads);
        boolean measured = false;
        try {
            for (int i = 0; i < threads; i++) {
                workers.add(new FanOutWorker(i, flow, plan.size()));
            }
            flow.workers(workers);
            workers.forEach(FanOutWorker::start);
            SelectorWorker.connect(connector, plan.connections(), workers, progress);
            rollCall(flow, workers);
            flow.phase(FanOutFlow.Phase.RUNNING);
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

    private void rollCall(FanOutFlow flow, List<FanOutWorker> workers) throws IOException, InterruptedException {
        flow.phase(FanOutFlow.Phase.ROLL_CALL);
        long start = System.nanoTime();
        long lastNews = start;
        long before = 0;
        long heard;
        while ((heard = workers.stream().mapToLong(FanOutWorker::heard).sum()) < recipients) {
            long now = System.nanoTime();
            if (heard > before) {
                before = heard;
                lastNews = now;
            }
            long errors = total(workers).errors();
            if (errors > 0 || now - lastNews > ROLL_CALL_NANOS || now - start > ROLL_CALL_MAX_NANOS) {
                String where = Connector.describe(plan.target());
                throw new IOException(heard == 0
                        ? "no relay: no member heard another's line within " + TimeUnit.NANOSECONDS.toSeconds(ROLL_CALL_NANOS)
                                + " s; is " + where + " a chat server that relays each line to every other member?"
                        : "only " + heard + " of " + recipients + " members heard another's line"
                                + (errors > 0 ? " (" + errors + " connections lost)" : ", and no more for "
                                + TimeUnit.NANOSECONDS.toSeconds(now - lastNews) + " s") + " at " + where);
            }
            long h = heard;
            progress.maybe(() -> "roll call: " + h + " of " + recipients + " members heard the first sender");
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /**
     * Samples the workers ({@link Sampling}) until the measured time is over: deliveries are
     * counted from the latency histograms. Then drains, stops the workers and checks the sequence.
     */
    private BenchResult.FanOut measure(FanOutFlow flow, List<FanOutWorker> workers) throws InterruptedException {
        Meter meters = Meter.all(workers);
        NodeLatencies nodes = new NodeLatencies(workers);
        Sampling.Window<FanOutCounts> window = Sampling.run(plan, new Sampling.Source<>() {
            @Override
            public void drainLatencies(Histogram into) {
                meters.drainLatencies(into);
                nodes.drain();
            }

            @Override
            public void sampled(boolean measured) {
                nodes.sampled(measured);
            }

            @Override
            public FanOutCounts counters() {
                return total(workers);
            }

            @Override
            public int live() {
                return meters.live();
            }
        }, this::rate, progress);
        long behind = flow.paced() ? flow.behind(System.nanoTime() - BEHIND_NANOS) : 0;
        drain(flow, workers);
        meters.stop();
        FanOutCounts all = total(workers);
        FanOutCounts base = window.base();
        FanOutCounts last = window.last();
        long undelivered = all.errors() > 0 ? -1 : all.owed(recipients);
        return new BenchResult.FanOut(plan, flow.window(), window.seconds(), last.sent() - base.sent(),
                last.traffic().bytesIn() - base.traffic().bytesIn(), last.traffic().bytesOut() - base.traffic().bytesOut(),
                all.errors(), all.sequenceErrors(), undelivered, Latency.of(window.latencies()), nodes.crossNode(),
                nodes.sameNode(), last.late() - base.late(), behind, window.cpuPercent());
    }

    /** Stops the senders and waits, bounded, until every message sent has reached every member. */
    private void drain(FanOutFlow flow, List<FanOutWorker> workers) throws InterruptedException {
        flow.phase(FanOutFlow.Phase.DRAINING);
        long start = System.nanoTime();
        long lastNews = start;
        long delivered = -1;
        while (!flow.drained()) {
            FanOutCounts now = total(workers);
            long at = System.nanoTime();
            if (now.delivered() != delivered) {
                delivered = now.delivered();
                lastNews = at;
            }
            if (now.errors() > 0 || at - lastNews > DRAIN_NANOS || at - start > DRAIN_MAX_NANOS) {
                return;
            }
            progress.maybe(() -> String.format(Locale.ROOT, "draining: %,d deliveries in flight", now.owed(recipients)));
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private String rate(FanOutCounts before, FanOutCounts after, Histogram latencies, double seconds) {
        return String.format(Locale.ROOT, "%,.0f deliveries/s  %,.0f%s messages/s%s", latencies.getTotalCount() / seconds,
                (after.sent() - before.sent()) / seconds, plan.rate() > 0 ? String.format(Locale.ROOT, " of %,d", plan.rate()) : "",
                after.late() > before.late() ? String.format(Locale.ROOT, " (%,d late)", after.late() - before.late()) : "");
    }

    private static FanOutCounts total(List<FanOutWorker> workers) {
        return workers.stream().map(FanOutWorker::counts).reduce(FanOutCounts.NONE, FanOutCounts::plus);
    }
}
