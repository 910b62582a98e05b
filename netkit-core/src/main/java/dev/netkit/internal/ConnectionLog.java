package dev.netkit.internal;

import dev.netkit.Endpoint;
import dev.netkit.ProtocolException;
import dev.netkit.tls.TlsErrors;

import javax.net.ssl.SSLException;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

/**
 * One log line per connection event, on the logger {@code dev.netkit.connection} at DEBUG, and
 * how an exception that ended a connection is reported: a peer that went away is routine, a
 * protocol error is worth a line, anything else is a bug worth a stack trace.
 */
final class ConnectionLog {

    static final System.Logger LOG = System.getLogger("dev.netkit.connection");

    private ConnectionLog() {
    }

    static void opened(ChannelConnection c, Endpoint endpoint) {
        if (LOG.isLoggable(Level.DEBUG)) {
            // Concatenated, not formatted: a busy server writes two of these lines per connection.
            String via = c.proxyHeader().isPresent() ? " via " + Addresses.describe(c.peerAddress()) : "";
            LOG.log(Level.DEBUG, "#" + c.id() + " opened from " + Addresses.describe(c.remoteAddress()) + via + " on " + endpoint);
        }
    }

    /**
     * Whether {@code failure} is the handler's own bug rather than the network's or the peer's
     * doing: what {@link #closed} logs with a stack trace.
     */
    static boolean isHandlerBug(Session session, Throwable failure) {
        Throwable cause = cause(failure);
        return session.closeReason == null && cause != null
                && !(cause instanceof IOException) && !(cause instanceof InterruptedException);
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof UncheckedIOException u ? u.getCause() : failure;
    }

    static void closed(ChannelConnection c, Session session, Throwable failure) {
        Throwable cause = cause(failure);
        String reason = session.closeReason;
        Level level = Level.DEBUG;
        boolean trace = false;
        if (reason == null && cause != null) {
            switch (cause) {
                case SSLException ssl -> {
                    reason = "TLS: " + TlsErrors.describe(ssl);
                    level = Level.INFO;
                }
                case ProtocolException p -> {
                    reason = "protocol error: " + SocketErrors.describe(p);
                    level = Level.INFO;
                }
                case SocketException s -> reason = "peer gone: " + SocketErrors.describe(s);
                case ClosedChannelException x -> reason = "closed";
                case EOFException x -> reason = "peer ended the stream early";
                case IOException io -> {
                    reason = "I/O error: " + SocketErrors.describe(io);
                    level = Level.INFO;
                }
                case InterruptedException x -> reason = "interrupted";
                default -> {
                    reason = "handler failed: " + cause;
                    level = Level.WARNING;
                    trace = true;
                }
            }
        }
        if (trace) {
            ServerCore.LOG.log(Level.WARNING, "#" + c.id() + " handler failed", cause);
        }
        if (LOG.isLoggable(level)) {
            long millis = (System.nanoTime() - session.startNanos) / 1_000_000;
            LOG.log(level, "#" + c.id() + " closed " + Addresses.describe(c.remoteAddress()) + " after "
                    + seconds(millis) + " s, " + c.bytesRead() + " B in, " + c.bytesWritten() + " B out"
                    + (reason == null ? "" : " (" + reason + ")"));
        }
    }

    /** Milliseconds as seconds with three decimals: {@code 4353} as {@code 4.353}. */
    static String seconds(long millis) {
        long rest = millis % 1000;
        return millis / 1000 + (rest < 10 ? ".00" : rest < 100 ? ".0" : ".") + rest;
    }
}
