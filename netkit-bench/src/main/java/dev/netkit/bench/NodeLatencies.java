package dev.netkit.bench;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * The fan-out deliveries of a run spread over several servers, told apart: those that went from
 * the sender's server to another one (cross-node) and those that stayed on one. Fed by the
 * sampling loop, so that both cover the same measured window as the run's own latencies (give or
 * take the deliveries recorded in the moment between draining those and these).
 *
 * <p>Threading: the sampling thread only.
 */
final class NodeLatencies {

    private final List<FanOutWorker> workers;
    private final Histogram crossSample = new Histogram(3);
    private final Histogram sameSample = new Histogram(3);
    private final Histogram cross = new Histogram(3);
    private final Histogram same = new Histogram(3);

    NodeLatencies(List<FanOutWorker> workers) {
        this.workers = workers;
    }

    /** Drains what the workers recorded since the last sample. */
    void drain() {
        crossSample.reset();
        sameSample.reset();
        workers.forEach(w -> w.drainNodeLatencies(crossSample, sameSample));
    }

    /** Keeps the last sample drained when it was part of the measured window. */
    void sampled(boolean measured) {
        if (measured) {
            cross.add(crossSample);
            same.add(sameSample);
        }
    }

    Latency crossNode() {
        return Latency.of(cross);
    }

    Latency sameNode() {
        return Latency.of(same);
    }
}
