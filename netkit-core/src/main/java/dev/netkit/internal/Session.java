package dev.netkit.internal;

import dev.netkit.Endpoint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A connection as its server tracks it: when it started, whether it is idle, why it closed. */
final class Session {

    private static final VarHandle WAITS;

    static {
        try {
            WAITS = MethodHandles.lookup().findVarHandle(Session.class, "waits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Endpoint endpoint;
    final long startNanos = System.nanoTime();
    final ChannelConnection connection;
    /** The thread running the connection's handler; a later one after each resume. */
    volatile Thread thread;
    /**
     * Odd while the connection waits for the input of its next turn ({@code resumeOnInput}):
     * without a thread, or on its thread where it cannot wait without one; one more for each start
     * and end of a wait, so that a stop can tell one wait from the next. Whoever ends a wait
     * first, the turn that input starts or a stop that closes the quiet connection, has it.
     */
    private volatile long waits;
    /** Non-zero while a first step (PROXY header, TLS handshake) runs: the time by which it must finish. */
    private volatile long upgradeDeadline;
    /** What the close says when that step outlasts its deadline. */
    private volatile String deadlineReason;
    volatile String closeReason;
    /** Its place under the server's per-address cap, given back when it ends. */
    AccessFilter.Admission admission = AccessFilter.Admission.NONE;
    /** Set when the sweeper aborted the step under way (PROXY header, TLS handshake) for running too long. */
    volatile boolean deadlinePassed;
    // Touched by the sweeper thread alone.
    private long lastActivity = -1;
    private long quietSince;
    // Touched by the stop's watch thread, then by the stopping thread once the watch has ended.
    /** Closed by the stop as quiet between turns: not one it forced. */
    volatile boolean closedQuiet;
    private boolean seenByStop;
    private long stopActivity;
    private long stopSeenAt;
    private long stopQuietSince;
    private int stopQuietLooks;

    Session(ChannelConnection connection, Endpoint endpoint) {
        this.connection = connection;
        this.endpoint = endpoint;
    }

    /** Marks the connection as waiting for its next turn's input. Called by its own turn. */
    void startWaiting() {
        // Not waiting: nobody else changes the count now.
        waits = waits + 1;
    }

    /** Ends the wait: true for the caller that ended it, false when another one had. */
    boolean stopWaiting() {
        return stopWaiting(waits);
    }

    /** The current wait: odd while waiting. */
    long waits() {
        return waits;
    }

    /** Ends the wait {@code seen} ({@link #waits()}) if it is still going on: true for the caller that ended it. */
    boolean stopWaiting(long seen) {
        return (seen & 1) == 1 && WAITS.compareAndSet(this, seen, seen + 1);
    }

    /** Gives the step about to run {@code timeout} from now; the sweeper closes the connection after that. */
    void deadline(java.time.Duration timeout, String reason) {
        deadlineReason = reason;
        upgradeDeadline = System.nanoTime() + timeout.toNanos();
    }

    /** The step finished in time. */
    void noDeadline() {
        upgradeDeadline = 0;
    }

    /**
     * Called by the sweeper: aborts the connection if its first step (PROXY header, TLS handshake)
     * ran too long; true when its silence did, for the sweeper to count it and close it.
     */
    boolean check(long now, long idleNanos) {
        long deadline = upgradeDeadline;
        if (deadline != 0 && now - deadline > 0) {
            closeReason = deadlineReason;
            deadlinePassed = true;
            connection.abort();
            return false;
        }
        if (idleNanos == 0 || closeReason != null) {
            return false; // no timeout, or closed already: counted once
        }
        long activity = connection.activity();
        if (activity != lastActivity) {
            lastActivity = activity;
            quietSince = now;
        } else if (now - quietSince >= idleNanos) {
            closeReason = "idle timeout";
            return true;
        }
        return false;
    }

    /**
     * Called by a stopping server, now and then until its deadline: how long no byte has moved
     * either way, as far as the stop has seen; 0 at its first look, and when some moved since
     * the last one.
     */
    long quietForStop(long now) {
        long activity = connection.activity();
        if (!seenByStop) {
            seenByStop = true;
            stopActivity = activity;
            stopSeenAt = now;
            stopQuietSince = now;
            return 0;
        }
        if (activity != stopActivity) {
            stopActivity = activity;
            stopQuietSince = now;
            stopQuietLooks = 0;
            return 0;
        }
        stopQuietLooks++;
        return Math.max(now - stopQuietSince, 1);
    }

    /**
     * The looks in a row that found no byte moved. A pause of the whole process (a collection,
     * a starved machine) stops the connection's threads and the stop's alike, and the first look
     * after it finds a long quiet; the next ones, after the threads have run, tell.
     */
    int quietLooksForStop() {
        return stopQuietLooks;
    }

    /** Whether no byte has moved since the stop first looked at this connection. */
    boolean quietAllAlongForStop() {
        return seenByStop && stopQuietSince == stopSeenAt;
    }
}
