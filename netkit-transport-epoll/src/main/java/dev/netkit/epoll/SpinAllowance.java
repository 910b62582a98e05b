package dev.netkit.epoll;

/**
 * How many empty polls in a row a {@link Poller} may make before it parks: spinning goes on only
 * while it finds work often enough, as a lock's adaptive spinning does.
 *
 * <p>An empty poll is one cheap system call and a yield; a park costs an {@code epoll_ctl} and
 * two thread wake-ups (the waker's and a carrier's) when the next event comes. So:
 * <ul>
 *   <li>a park that the next event ended within {@link #SHORT_PARK_NANOS} would have been better
 *       spent polling (a stream's next bytes, a lone client's next request): the allowance
 *       doubles (from none to one), up to the maximum;</li>
 *   <li>polls that found work before the allowance ran out paid for themselves: the failures
 *       counted so far are forgotten, and an allowance below {@link #USEFUL} is raised to it;</li>
 *   <li>a longer park means the polls before it found nothing: after {@link #FAILURES} such
 *       parks with no success between them, the allowance halves, down to none. At none the
 *       poller parks straight after handing out the events it found, without an empty poll: a
 *       server whose events come rarely spends nothing on spinning.</li>
 * </ul>
 *
 * <p>Threading: the poller's thread alone.
 */
final class SpinAllowance {

    /** A park shorter than this was a wake-up that polling a while longer would have saved. */
    static final long SHORT_PARK_NANOS = 50_000;
    /** The allowance that spinning which finds work gets at least: a few polls cost less than a park. */
    static final int USEFUL = 4;
    /** Long parks in a row, without a poll finding work between them, before the allowance halves. */
    static final int FAILURES = 4;

    private final int max;
    private int spins;
    private int failures;

    /** Starts at {@link #USEFUL} (or {@code max}, when lower). */
    SpinAllowance(int max) {
        this.max = Math.max(0, max);
        this.spins = Math.min(USEFUL, this.max);
    }

    /** The empty polls allowed in a row before parking; 0: park as soon as the events found are handed out. */
    int spins() {
        return spins;
    }

    /** Polling found events after some empty polls, before the allowance ran out. */
    void found() {
        failures = 0;
        if (spins < USEFUL) {
            spins = Math.min(USEFUL, max);
        }
    }

    /** The poller parked for {@code nanos} before an event woke it. */
    void parked(long nanos) {
        if (nanos < SHORT_PARK_NANOS) {
            failures = 0;
            spins = spins == 0 ? Math.min(1, max) : spins > max >> 1 ? max : spins << 1;
        } else if (++failures >= FAILURES) {
            failures = 0;
            spins >>= 1;
        }
    }
}
