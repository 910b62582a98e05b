package dev.netkit.internal;

import dev.netkit.Refusals;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts refused connections by reason and logs them so that a flood cannot turn into a flood of
 * log lines: the first refusal after a quiet second is logged at once, those that follow within the
 * second are summed up in one line with the next refusal after it, or by {@link #flush()}.
 * Thread-safe.
 */
final class RefusalLog {

    /** Why a connection was refused. */
    enum Reason {
        DENIED("denied by the address rules"),
        PER_ADDRESS("over the per-address limit"),
        RATE("over the per-address rate");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private static final long PERIOD_NANOS = 1_000_000_000L;

    private final String serverName;
    private final LongAdder[] totals = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final ReentrantLock lock = new ReentrantLock();
    // Under lock: refusals since the last line, and when the next line may be written.
    private final long[] pending = new long[Reason.values().length];
    private long nextLineAt = Long.MIN_VALUE;
    private boolean anyLogged;
    private InetAddress lastAddress;
    private Reason lastReason;

    RefusalLog(String serverName) {
        this.serverName = serverName;
    }

    void refused(Reason reason, InetAddress address) {
        totals[reason.ordinal()].increment();
        long now = System.nanoTime();
        lock.lock();
        try {
            pending[reason.ordinal()]++;
            lastAddress = address;
            lastReason = reason;
            if (!anyLogged || now - nextLineAt >= 0) {
                writeLine();
                anyLogged = true;
                nextLineAt = now + PERIOD_NANOS;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes the line for refusals not logged yet, if any: when the server stops. */
    void flush() {
        lock.lock();
        try {
            writeLine();
        } finally {
            lock.unlock();
        }
    }

    Refusals counts() {
        return new Refusals(totals[0].sum(), totals[1].sum(), totals[2].sum());
    }

    private void writeLine() {
        long count = 0;
        StringBuilder reasons = new StringBuilder();
        for (Reason r : Reason.values()) {
            long n = pending[r.ordinal()];
            if (n > 0) {
                reasons.append(reasons.isEmpty() ? "" : ", ").append(n).append(' ').append(r.text);
            }
            count += n;
            pending[r.ordinal()] = 0;
        }
        if (count == 0) {
            return;
        }
        if (count == 1) {
            ServerCore.LOG.log(Level.INFO, "{0}: refused a connection from {1} ({2})",
                    serverName, lastAddress.getHostAddress(), lastReason.text);
        } else {
            ServerCore.LOG.log(Level.INFO, "{0}: refused {1} connections ({2}); the last from {3}",
                    serverName, count, reasons, lastAddress.getHostAddress());
        }
    }
}
