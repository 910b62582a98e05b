package dev.netkit.internal;

import java.io.Closeable;
import java.io.IOException;
import javax.net.ssl.SSLSession;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * A connected byte stream as a transport provides it: blocking reads and writes on byte arrays.
 * This is all a transport must offer; one on a readiness poller also implements
 * {@link PolledChannel}.
 *
 * <p>Threading: one thread reads and one thread writes at a time (the caller serialises each
 * direction). {@link #close()} and {@link #abort()} may be called from any thread at any time; a
 * thread blocked in {@code read} or {@code write} then fails with an {@link IOException}.
 */
public interface StreamChannel extends Closeable {

    /** Reads at least one byte, blocking until some arrive; returns -1 at end of stream. */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Writes every byte, blocking while the peer is slow. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /** Ends the output direction (TCP FIN); reads go on. */
    void shutdownOutput() throws IOException;

    /** Closes at once; a TCP peer sees a reset. Never throws. */
    void abort();

    /** Closes the channel. Safe twice, from any thread. */
    @Override
    void close();

    /** Whether neither {@link #close()} nor {@link #abort()} has been called and no failure closed it. */
    boolean isOpen();

    /** The address this end is bound to (for a Unix domain socket, its path or an unnamed address). */
    SocketAddress localAddress();

    /** The peer's address. */
    SocketAddress remoteAddress();

    /**
     * Drops what this channel keeps of the arrays last passed to {@code read} and {@code write}
     * (a view of each, kept to be reused while the caller passes the same array again), so that a
     * caller lending its arrays from a pool, and giving them back while it waits, leaves none held
     * here. The next read or write makes a new view. Called by the reading thread; a write may be
     * running at the time.
     */
    default void forgetArrays() {
        // nothing kept
    }

    /** The TLS session when this channel is encrypted. */
    default Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }

    /** The ALPN protocol the TLS handshake agreed on, when this channel is encrypted and one was. */
    default Optional<String> applicationProtocol() {
        return Optional.empty();
    }

    /** On a server's encrypted channel, the host name the client asked for by SNI. */
    default Optional<String> requestedServerName() {
        return Optional.empty();
    }
}
