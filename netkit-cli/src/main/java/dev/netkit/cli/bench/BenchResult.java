package dev.netkit.cli.bench;

import org.HdrHistogram.Histogram;

/** What a run measured. */
public sealed interface BenchResult {

    BenchPlan plan();

    /** Whether the run did what it set out to: no connection lost, every echo answered. */
    boolean complete();

    /**
     * Ping-pong, stream or connect.
     *
     * @param seconds    the measured time, warm-up excluded
     * @param operations round trips, echoed chunks, or connections opened
     * @param latency    nanoseconds per operation
     * @param errors     connections that failed or were closed by the server
     * @param cpuPercent the load generator's own CPU use while measuring, in percent of one CPU
     *                   (-1 when unknown): near 100 per load thread, it may be the bottleneck
     */
    record Load(BenchPlan plan, double seconds, long operations, long bytesIn, long bytesOut, long errors,
                Histogram latency, double cpuPercent) implements BenchResult {

        public double operationsPerSecond() {
            return operations / seconds;
        }

        public double megabytesInPerSecond() {
            return bytesIn / seconds / 1e6;
        }

        @Override
        public boolean complete() {
            return errors == 0 && operations > 0;
        }
    }

    /**
     * Idle connections.
     *
     * @param opened         connections the server accepted
     * @param answered       connections whose one echo came back (0 when none was asked for)
     * @param openAtEnd      connections still open when the hold ended
     * @param connectSeconds how long opening them all took
     * @param rssBeforeKib   the server's resident memory before the first connection, or -1
     * @param rssAfterKib    the same at the end of the hold, or -1
     * @param failure        why opening stopped early, or empty
     */
    record Idle(BenchPlan plan, int opened, int answered, int openAtEnd, double connectSeconds,
                long rssBeforeKib, long rssAfterKib, String failure) implements BenchResult {

        /** Server memory per open connection, in bytes, or -1 when unknown. */
        public long bytesPerConnection() {
            if (rssBeforeKib < 0 || rssAfterKib < 0 || opened == 0) {
                return -1;
            }
            return (rssAfterKib - rssBeforeKib) * 1024 / opened;
        }

        @Override
        public boolean complete() {
            return opened == plan.connections() && openAtEnd == opened
                    && (plan.size() == 0 || answered == opened);
        }
    }

    /**
     * Chat fan-out: senders' lines relayed by the server to every other member.
     *
     * @param window         messages each sender may have sent beyond the slowest member's receipt
     * @param seconds        the measured time, warm-up excluded
     * @param deliveries     the load's own lines received by members other than their sender
     * @param sent           messages the senders sent
     * @param latency        nanoseconds from a message's send to each of its deliveries
     * @param errors         connections that failed or were closed by the server
     * @param sequenceErrors deliveries missing, repeated or out of order in a sender's sequence
     * @param undelivered    deliveries still owed when the run ended and the in-flight messages had
     *                       had their time to arrive (-1 when a connection failed: not known)
     * @param cpuPercent     the load generator's own CPU use while measuring, as for {@link Load}
     */
    record FanOut(BenchPlan plan, int window, double seconds, long deliveries, long sent, long bytesIn,
                  long bytesOut, long errors, long sequenceErrors, long undelivered, Histogram latency,
                  double cpuPercent) implements BenchResult {

        public double deliveriesPerSecond() {
            return deliveries / seconds;
        }

        public double sentPerSecond() {
            return sent / seconds;
        }

        @Override
        public boolean complete() {
            return errors == 0 && sequenceErrors == 0 && undelivered == 0 && deliveries > 0;
        }
    }
}
