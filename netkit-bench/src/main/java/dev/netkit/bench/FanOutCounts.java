package dev.netkit.bench;

/**
 * The fan-out workload's counters.
 *
 * @param traffic        bytes in and out, and connections lost
 * @param sent           messages the senders sent
 * @param delivered      the load's messages received by members other than their sender
 * @param sequenceErrors deliveries missing, repeated or out of order in a sender's sequence
 * @param late           paced runs: messages the window held back past when they were due
 */
record FanOutCounts(Traffic traffic, long sent, long delivered, long sequenceErrors, long late)
        implements Sampling.Counters {

    static final FanOutCounts NONE = new FanOutCounts(Traffic.NONE, 0, 0, 0, 0);

    @Override
    public long errors() {
        return traffic.errors();
    }

    FanOutCounts plus(FanOutCounts other) {
        return new FanOutCounts(traffic.plus(other.traffic), sent + other.sent, delivered + other.delivered,
                sequenceErrors + other.sequenceErrors, late + other.late);
    }

    /** Deliveries still owed: each message sent is owed to the other {@code recipients} members. */
    long owed(int recipients) {
        return sent * recipients - delivered - sequenceErrors;
    }
}
