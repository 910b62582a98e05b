package dev.netkit.bench;

/**
 * One member's share of a load paced at a fixed rate in all: its messages are due at
 * {@code origin + (first + k * stride) * interval} for k = 0, 1, 2..., so that {@code stride}
 * members taking turns send one message every {@code interval} nanoseconds between them. The
 * times are fixed in advance and never move for a slow reply or delivery; what the paced
 * workloads ({@link PacedSchedule}, the paced fan-out) measure is timed from them.
 *
 * <p>Pure: times are {@code System.nanoTime()} values given by the caller.
 *
 * @param origin   when the load starts
 * @param interval nanoseconds between two messages of the whole load: 10<sup>9</sup> / rate
 * @param first    this member's index among those taking turns
 * @param stride   how many take turns
 */
record Cadence(long origin, double interval, long first, long stride) {

    Cadence {
        if (interval <= 0 || first < 0 || first >= stride) {
            throw new IllegalArgumentException("bad cadence: interval " + interval + ", member " + first + " of " + stride);
        }
    }

    /** When message {@code k} is due. */
    long due(long k) {
        return origin + Math.round((first + k * stride) * interval);
    }

    /** How many messages are due by {@code now}: the k of the first one still to come. */
    long dueBy(long now) {
        long k = Math.max(0, (long) Math.floor(((now - origin) / interval - first) / stride) + 1);
        while (k > 0 && due(k - 1) > now) {
            k--;
        }
        while (due(k) <= now) {
            k++;
        }
        return k;
    }
}
