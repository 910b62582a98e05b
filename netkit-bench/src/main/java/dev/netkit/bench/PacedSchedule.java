package dev.netkit.bench;

import java.util.function.LongConsumer;

/**
 * One connection's share of a constant-rate load, and the latencies it yields corrected for
 * coordinated omission (as wrk2 does): every message has an intended send time fixed in advance,
 * and its latency runs from that time to the arrival of its last echoed byte. A slow reply never
 * moves the schedule: the messages due meanwhile are sent as soon as they may be, and each is
 * charged the time it waited.
 *
 * <p>Messages of {@code size} bytes are due on the connection's {@link Cadence}: the connections of
 * a run take turns, so the load as a whole sends one message every {@code interval} nanoseconds. At most {@code window} messages are in flight on
 * a connection; one due while the window is full is sent when an echo frees a place, still timed
 * from when it was due. The echo keeps the order of the bytes, so replies complete in the order the
 * messages went.
 *
 * <p>Threading: one thread (the worker that owns the connection) uses an instance; time is given
 * to it, never read, so that a test can drive it with a clock of its own.
 */
final class PacedSchedule {

    private final Cadence cadence;
    private final int size;
    private final long[] inFlight;      // intended times of the messages sent, oldest first, a ring
    private int head;
    private int count;
    private long next;                  // k of the next message not yet sent
    private int received;               // bytes of the oldest message in flight already back

    /**
     * @param origin      when the load starts, in {@code System.nanoTime()} terms
     * @param interval    nanoseconds between two messages of the whole load: 10<sup>9</sup> / rate
     * @param connection  this connection's index in the run
     * @param connections the connections of the run
     * @param size        message size in bytes
     * @param window      messages in flight at most
     */
    PacedSchedule(long origin, double interval, int connection, int connections, int size, int window) {
        if (size < 1 || window < 1) {
            throw new IllegalArgumentException("bad schedule: size " + size + ", window " + window);
        }
        this.cadence = new Cadence(origin, interval, connection, connections);
        this.size = size;
        this.inFlight = new long[window];
    }

    private long due(long k) {
        return cadence.due(k);
    }

    /**
     * Takes the messages that are due by {@code now} and that the window lets go: the caller sends
     * that many messages now.
     *
     * @return how many to send, 0 or more
     */
    int release(long now) {
        int released = 0;
        while (count < inFlight.length && due(next) <= now) {
            inFlight[(head + count) % inFlight.length] = due(next);
            count++;
            next++;
            released++;
        }
        return released;
    }

    /**
     * When {@link #release} will next have something to give, or {@link Long#MAX_VALUE} while the
     * window is full (an echo must come first).
     */
    long wakeAt() {
        return count == inFlight.length ? Long.MAX_VALUE : due(next);
    }

    /**
     * {@code bytes} more came back at {@code now}: hands the latency of each message now complete
     * to {@code latencies}, in nanoseconds from when it was due.
     *
     * @throws IllegalStateException when more came back than was sent (not an echo)
     */
    void received(int bytes, long now, LongConsumer latencies) {
        received += bytes;
        while (received >= size) {
            if (count == 0) {
                throw new IllegalStateException("more bytes came back than were sent");
            }
            latencies.accept(now - inFlight[head]);
            head = (head + 1) % inFlight.length;
            count--;
            received -= size;
        }
    }

    /** Messages sent whose echo is not complete yet. */
    int inFlight() {
        return count;
    }
}
