package dev.netkit.bench;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** What a run measured: {@link Load}, {@link Idle} or {@link FanOut}, by the plan's mode. */
public sealed interface BenchResult {

    /**
     * The plan that was run.
     *
     * @return the plan
     */
    BenchPlan plan();

    /**
     * Whether the run did what it set out to: no connection lost, every echo answered, every
     * message delivered.
     *
     * @return true when it did
     */
    boolean complete();

    /**
     * Ping-pong, stream or connect, plain or over TLS. Operations are round trips, echoed chunks
     * or connections opened, counted by their latencies.
     *
     * @param plan       the plan
     * @param seconds    the measured time, warm-up excluded
     * @param bytesIn    bytes read while measuring
     * @param bytesOut   bytes written while measuring
     * @param errors     connections that failed or were closed by the server, warm-up included
     * @param latency    nanoseconds per operation
     * @param cpuPercent the load generator's own CPU use while measuring, in percent of one CPU
     *                   (-1 when unknown): near 100 per load thread, it may be the bottleneck
     * @param serverCpu  the CPU time, user and system, that the plan's server process used while
     *                   measuring, in seconds (-1 when the plan names none or it cannot be read)
     * @param tls        what the handshakes agreed on, for a run over TLS
     */
    record Load(BenchPlan plan, double seconds, long bytesIn, long bytesOut, long errors, Latency latency,
                double cpuPercent, double serverCpu, Optional<NegotiatedTls> tls) implements BenchResult {

        /**
         * Checks that none is null.
         *
         * @throws NullPointerException when one is
         */
        public Load {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(tls, "tls");
        }

        /**
         * Round trips, echoed chunks, or connections opened and closed while measuring.
         *
         * @return the count
         */
        public long operations() {
            return latency.count();
        }

        /**
         * Operations per second.
         *
         * @return the rate
         */
        public double operationsPerSecond() {
            return operations() / seconds;
        }

        /**
         * Megabytes (10<sup>6</sup> bytes) read per second.
         *
         * @return the rate
         */
        public double megabytesInPerSecond() {
            return bytesIn / seconds / 1e6;
        }

        /**
         * The server's CPU time per operation (per message, in ping-pong).
         *
         * @return microseconds, or -1 when the server's CPU is unknown or nothing was measured
         */
        public double serverCpuMicrosPerOperation() {
            return serverCpu < 0 || operations() == 0 ? -1 : serverCpu * 1e6 / operations();
        }

        /**
         * The server's CPU time per megabyte (10<sup>6</sup> bytes) it echoed: read and written
         * back.
         *
         * @return milliseconds, or -1 when the server's CPU is unknown or nothing was echoed
         */
        public double serverCpuMillisPerMegabyte() {
            return serverCpu < 0 || bytesIn == 0 ? -1 : serverCpu * 1e3 / (bytesIn / 1e6);
        }

        @Override
        public boolean complete() {
            return errors == 0 && operations() > 0;
        }
    }

    /**
     * Idle connections. With a server process to watch, the run opens them in two halves and
     * samples the server's memory half-way as well, so that it tells the marginal memory of a
     * connection (what each further one costs) beside the average (which also carries whatever
     * the server spends once, whatever the count).
     *
     * @param plan           the plan
     * @param opened         connections the server accepted
     * @param answered       connections whose one echo came back (0 when none was asked for)
     * @param openAtEnd      connections still open when the hold ended
     * @param connectSeconds how long opening them all took
     * @param rssBeforeKib   the server's resident memory before the first connection, or -1
     * @param rssAfterKib    the same at the end of the hold, or -1
     * @param failure        why opening stopped early, or empty
     * @param halfWay        the sample between the two halves; empty without a server process,
     *                       with fewer than 2 connections, or when opening stopped in the first half
     */
    record Idle(BenchPlan plan, int opened, int answered, int openAtEnd, double connectSeconds,
                long rssBeforeKib, long rssAfterKib, String failure, Optional<HalfWay> halfWay)
            implements BenchResult {

        /**
         * Checks that none is null.
         *
         * @throws NullPointerException when one is
         */
        public Idle {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(halfWay, "halfWay");
        }

        /**
         * Server memory per open connection, on average: the growth from before the first
         * connection to the end of the hold, over the connections.
         *
         * @return bytes, or -1 when unknown
         */
        public long bytesPerConnection() {
            if (rssBeforeKib < 0 || rssAfterKib < 0 || opened == 0) {
                return -1;
            }
            return (rssAfterKib - rssBeforeKib) * 1024 / opened;
        }

        /**
         * The marginal server memory per connection: the growth from the half-way sample to the
         * end of the hold, over the connections opened after it. It leaves out what the first
         * half already made the server spend once (code compiled, pools and heap grown). It may
         * be negative when the server gave memory back in between.
         *
         * @return KiB per connection; empty without a half-way sample, a final sample, or a
         *         connection opened after the half-way one
         */
        public OptionalDouble marginalKibPerConnection() {
            if (halfWay.isEmpty() || rssAfterKib < 0 || opened <= halfWay.get().opened()) {
                return OptionalDouble.empty();
            }
            HalfWay half = halfWay.get();
            return OptionalDouble.of((double) (rssAfterKib - half.rssKib()) / (opened - half.opened()));
        }

        @Override
        public boolean complete() {
            return opened == plan.connections() && openAtEnd == opened
                    && (plan.size() == 0 || answered == opened);
        }

        /**
         * The server's memory between the two halves of an idle run, once the first half is open
         * (and echoed) and the server has had its time to settle.
         *
         * @param opened        connections open when sampled
         * @param rssKib        the server's resident memory then
         * @param settleSeconds how long the run waited for it to hold steady
         * @param steady        whether it held steady (changed by less than 1% over a second,
         *                      the server quiet) within the plan's {@linkplain BenchPlan#settle()
         *                      settle} time
         */
        public record HalfWay(int opened, long rssKib, double settleSeconds, boolean steady) {
        }
    }

    /**
     * Chat fan-out: senders' lines relayed by the server to every other member. Deliveries are
     * the load's own lines received by members other than their sender, counted by their
     * latencies.
     *
     * @param plan           the plan
     * @param window         messages each sender may have sent beyond the slowest member's receipt
     * @param seconds        the measured time, warm-up excluded
     * @param sent           messages the senders sent while measuring
     * @param bytesIn        bytes read while measuring
     * @param bytesOut       bytes written while measuring
     * @param errors         connections that failed or were closed by the server
     * @param sequenceErrors deliveries missing, repeated or out of order in a sender's sequence
     * @param undelivered    deliveries still owed when the run ended and the in-flight messages had
     *                       had their time to arrive (-1 when a connection failed: not known)
     * @param latency        nanoseconds from a message's send (paced: from when it was due) to each
     *                       of its deliveries
     * @param crossNode      the same for deliveries from a member of one server to a member of
     *                       another, when the plan spreads the members (count 0 otherwise)
     * @param sameNode       the same for deliveries between members of one server, when the plan
     *                       spreads the members (count 0 otherwise)
     * @param late           paced runs: messages sent while measuring that were held back past when
     *                       they were due, because some member had not received the sender's earlier
     *                       messages yet (the server was behind); 0 when not paced
     * @param behind         paced runs: messages more than a millisecond overdue and still unsent when
     *                       the measured time ended (the load could not keep the schedule); 0 when
     *                       not paced
     * @param cpuPercent     the load generator's own CPU use while measuring, as for {@link Load}
     */
    record FanOut(BenchPlan plan, int window, double seconds, long sent, long bytesIn, long bytesOut,
                  long errors, long sequenceErrors, long undelivered, Latency latency, Latency crossNode,
                  Latency sameNode, long late, long behind, double cpuPercent)
            implements BenchResult {

        /**
         * Checks that none is null.
         *
         * @throws NullPointerException when one is
         */
        public FanOut {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(crossNode, "crossNode");
            Objects.requireNonNull(sameNode, "sameNode");
        }

        /**
         * Lines delivered to members while measuring.
         *
         * @return the count
         */
        public long deliveries() {
            return latency.count();
        }

        /**
         * Deliveries per second.
         *
         * @return the rate
         */
        public double deliveriesPerSecond() {
            return deliveries() / seconds;
        }

        /**
         * Messages sent per second.
         *
         * @return the rate
         */
        public double sentPerSecond() {
            return sent / seconds;
        }

        /**
         * Whether a paced run kept its schedule: no message held back past when it was due, none
         * left behind at the end. Always true when not paced.
         *
         * @return true when it did
         */
        public boolean onSchedule() {
            return late == 0 && behind == 0;
        }

        @Override
        public boolean complete() {
            return errors == 0 && sequenceErrors == 0 && undelivered == 0 && deliveries() > 0;
        }
    }
}
