package dev.netkit.bench;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * A load that runs on its own threads once started, and what it counts, read by the measuring
 * thread while it runs: {@link Traffic} that only grows, the connections still working, and the
 * latencies of its operations (round trips, echoed chunks, connections opened), which count them.
 */
interface Meter extends Sampling.Source<Traffic> {

    void start();

    /** Asks the load to stop and waits for it. */
    void stop() throws InterruptedException;

    /** Several meters seen as one: counters and latencies summed, started and stopped together. */
    static Meter all(List<? extends Meter> meters) {
        List<Meter> all = List.copyOf(meters);
        return new Meter() {
            @Override
            public void start() {
                all.forEach(Meter::start);
            }

            @Override
            public void stop() throws InterruptedException {
                for (Meter m : all) {
                    m.stop();
                }
            }

            @Override
            public void drainLatencies(Histogram into) {
                all.forEach(m -> m.drainLatencies(into));
            }

            @Override
            public Traffic counters() {
                return all.stream().map(Meter::counters).reduce(Traffic.NONE, Traffic::plus);
            }

            @Override
            public int live() {
                return all.stream().mapToInt(Meter::live).sum();
            }
        };
    }
}
