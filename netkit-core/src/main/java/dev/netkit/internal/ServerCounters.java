package dev.netkit.internal;

import dev.netkit.ServerStats;
import dev.netkit.tls.TlsErrors;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The counters behind {@link ServerStats}. Nothing here is touched per read or write: a connection
 * counts its own bytes in plain fields (as it always has, for its log line), and they are added to
 * the server's totals once, when it closes; every other counter moves once per connection or per
 * handshake, in a {@link LongAdder} so that listeners and connections do not contend on one cache
 * line. Safe for concurrent use.
 *
 * <p>Whatever decides that a connection is refused (an allow or deny rule, a per-address limit)
 * calls {@link #refused()}; whatever ends a TLS handshake calls {@link #handshakeCompleted()} or
 * {@link #handshakeFailed(TlsErrors.Reason)}.
 */
public final class ServerCounters {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder idleTimeouts = new LongAdder();
    private final LongAdder forcedAtStop = new LongAdder();
    private final LongAdder closedBytesIn = new LongAdder();
    private final LongAdder closedBytesOut = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private final LongAdder handshakes = new LongAdder();
    private final Map<TlsErrors.Reason, LongAdder> handshakeFailures = new EnumMap<>(TlsErrors.Reason.class);
    // The byte totals last reported: a connection's bytes move from the open ones to the closed
    // ones between two reads, and a snapshot must never show less than the one before.
    private final AtomicLong reportedIn = new AtomicLong();
    private final AtomicLong reportedOut = new AtomicLong();

    public ServerCounters() {
        for (TlsErrors.Reason reason : TlsErrors.Reason.values()) {
            handshakeFailures.put(reason, new LongAdder());
        }
    }

    /** A connection was accepted. */
    public void accepted() {
        accepted.increment();
    }

    /** A connection was refused by an allow or deny rule or a per-address limit. */
    public void refused() {
        refused.increment();
    }

    /** A connection was closed for its silence. */
    public void idleTimeout() {
        idleTimeouts.increment();
    }

    /** {@code count} connections were closed by force at the end of a stop. */
    public void forcedAtStop(int count) {
        forcedAtStop.add(count);
    }

    /** A handler ended with an exception that is a bug rather than the network's doing. */
    public void handlerFailed() {
        handlerFailures.increment();
    }

    /** A TLS handshake completed. */
    public void handshakeCompleted() {
        handshakes.increment();
    }

    /** A TLS handshake failed for {@code reason}. */
    public void handshakeFailed(TlsErrors.Reason reason) {
        handshakeFailures.get(reason).increment();
    }

    /**
     * A connection closed, having moved these bytes. Called after it has left the open ones, so a
     * snapshot taken between the two misses its bytes for a moment rather than counting them twice.
     */
    void closed(long bytesIn, long bytesOut) {
        closedBytesIn.add(bytesIn);
        closedBytesOut.add(bytesOut);
    }

    /** The snapshot, adding the bytes of the connections open now. */
    ServerStats snapshot(Iterable<ChannelConnection> open, int openCount, int waitingForPermit) {
        long in = total(closedBytesIn, open, ChannelConnection::bytesRead, reportedIn);
        long out = total(closedBytesOut, open, ChannelConnection::bytesWritten, reportedOut);
        Map<TlsErrors.Reason, Long> failures = new EnumMap<>(TlsErrors.Reason.class);
        handshakeFailures.forEach((reason, count) -> {
            long n = count.sum();
            if (n > 0) {
                failures.put(reason, n);
            }
        });
        return new ServerStats(accepted.sum(), openCount, waitingForPermit, refused.sum(), idleTimeouts.sum(),
                forcedAtStop.sum(), in, out, handlerFailures.sum(), handshakes.sum(), failures);
    }

    private static long total(LongAdder closed, Iterable<ChannelConnection> open,
                              ToLongFunction<ChannelConnection> bytes, AtomicLong reported) {
        long sum = closed.sum();
        for (ChannelConnection c : open) {
            sum += bytes.applyAsLong(c);
        }
        return reported.accumulateAndGet(sum, Math::max);
    }
}
