package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;

/**
 * What a load source counts, read by the measuring thread while the load runs. Counters only
 * grow; the measurement takes differences. Operations (round trips, echoed chunks, connections
 * opened) are counted by their latencies.
 */
interface Meter {

    long bytesIn();

    long bytesOut();

    /** Connections that failed or were closed by the server. */
    long errors();

    /** Connections still working. */
    int live();

    /** Latencies (ns) recorded since the previous call, moved into {@code into}. */
    void drainLatencies(Histogram into);

    /** Asks the load to stop and waits for it. */
    void stop() throws InterruptedException;
}
