package dev.netkit.internal;

import dev.netkit.Endpoint;

/** A connection as its server tracks it: when it started, whether it is idle, why it closed. */
final class Session {

    final Endpoint endpoint;
    final long startNanos = System.nanoTime();
    final ChannelConnection connection;
    /** The thread running the connection's handler; a later one after each resume. */
    volatile Thread thread;
    /** True while the connection waits for input without a thread ({@code resumeOnInput}). */
    volatile boolean waiting;
    /** Non-zero while a channel upgrade (TLS handshake) runs: the time by which it must finish. */
    volatile long upgradeDeadline;
    volatile String closeReason;
    // Touched by the sweeper thread alone.
    private long lastActivity = -1;
    private long quietSince;

    Session(ChannelConnection connection, Endpoint endpoint) {
        this.connection = connection;
        this.endpoint = endpoint;
    }

    /** Called by the sweeper: closes the connection if its handshake or its silence ran too long. */
    void check(long now, long idleNanos) {
        long deadline = upgradeDeadline;
        if (deadline != 0 && now - deadline > 0) {
            closeReason = "handshake timeout";
            connection.abort();
            return;
        }
        if (idleNanos == 0) {
            return;
        }
        long activity = connection.activity();
        if (activity != lastActivity) {
            lastActivity = activity;
            quietSince = now;
        } else if (now - quietSince >= idleNanos) {
            closeReason = "idle timeout";
            connection.closeNow();
        }
    }
}
