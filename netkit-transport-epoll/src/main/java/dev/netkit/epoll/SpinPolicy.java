package dev.netkit.epoll;

/**
 * How long a poller keeps polling an empty epoll before it parks: a budget of time that adapts to
 * the gaps it sees between events, as a lock's spinning adapts to how long the lock is held.
 *
 * <p>Parking is not free: the next event then wakes two threads (the {@link Waker}, then a carrier
 * for the poller) and costs an {@code epoll_ctl}. Polling on is worth it only when the next event
 * comes sooner than a park and its wake-ups would cost, {@code worthNanos} (25 us by default: on
 * the 2-CPU test machine, values from 25 to 50 us gave the same one-connection ping-pong, and the
 * paced rows' CPU did not change between them). So the budget follows the gaps between events,
 * ski-rental style:
 * <ul>
 *   <li>a park whose event came within {@code worthNanos} of the poller going idle was a wake-up
 *       that polling would have saved: the budget grows to cover that gap with a margin (one
 *       connection's ping-pong, the next chunk of a stream);
 *   <li>a park whose event came later halves the budget, and so does polling that found its event
 *       only after {@code worthNanos}: events that far apart (a few hundred connections each at a
 *       modest rate) are cheaper met by a park than by polling through every gap;
 *   <li>polling that finds its event within {@code worthNanos} leaves the budget as it is.
 * </ul>
 * The budget never exceeds twice {@code worthNanos}, and {@link #MIN_POLLS} polls happen whatever
 * it is: they catch the events that the woken threads' own work sets off at once.
 *
 * <p>Threading: one poller thread; not thread-safe.
 */
final class SpinPolicy {

    /** Empty polls in a row before any park, whatever the budget. */
    static final int MIN_POLLS = 4;

    private final long worthNanos;
    private final long maxNanos;
    private long budgetNanos;

    /**
     * A policy for which polling is worth at most {@code worthNanos}; with 0 the poller always
     * parks after {@link #MIN_POLLS} empty polls.
     */
    SpinPolicy(long worthNanos) {
        if (worthNanos < 0) {
            throw new IllegalArgumentException("worthNanos must be at least 0: " + worthNanos);
        }
        this.worthNanos = worthNanos;
        this.maxNanos = 2 * worthNanos;
    }

    /** The policy the {@code netkit.epoll.spinMicros} system property asks for (default 25 us). */
    static SpinPolicy fromSystemProperties() {
        long micros = Math.clamp(Long.getLong("netkit.epoll.spinMicros", 25), 0, 10_000);
        return new SpinPolicy(micros * 1_000);
    }

    /** Whether to poll again after {@code emptyPolls} empty polls over {@code idleNanos}. */
    boolean pollAgain(int emptyPolls, long idleNanos) {
        return emptyPolls < MIN_POLLS || idleNanos < budgetNanos;
    }

    /** Polling found events {@code idleNanos} after the poller went idle. */
    void foundWhilePolling(long idleNanos) {
        if (idleNanos > worthNanos) {
            budgetNanos >>= 1;
        }
    }

    /** The poller parked and was woken for events {@code gapNanos} after it went idle. */
    void wokenAfter(long gapNanos) {
        if (gapNanos < worthNanos) {
            budgetNanos = Math.min(maxNanos, Math.max(budgetNanos << 1, gapNanos + (gapNanos >> 1)));
        } else {
            budgetNanos >>= 1;
        }
    }

    /** The current budget of polling past {@link #MIN_POLLS}, in nanoseconds. */
    long budgetNanos() {
        return budgetNanos;
    }
}
