package dev.netkit.internal;

import java.io.Closeable;
import java.io.IOException;
import javax.net.ssl.SSLSession;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * A connected byte stream as a transport provides it: blocking reads and writes on byte arrays.
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

    boolean isOpen();

    SocketAddress localAddress();

    SocketAddress remoteAddress();

    /**
     * Whether {@link #resumeWhenReadable} can wait without a thread on this channel. When false the
     * caller need not prepare for it (release buffers): it would only read as usual.
     */
    default boolean canResumeWhenReadable() {
        return false;
    }

    /**
     * Arranges for {@code task} to run once when this channel next has input to read, reaches end
     * of stream, fails, or is closed; until then no thread waits on it. The task runs on the
     * transport's poller or inside the {@code close()}/{@code abort()} of whichever thread closes
     * the channel, so it must be quick (start a thread) and must not throw. Returns false, having arranged nothing, when input
     * may already be waiting (the last read filled its buffer, or an edge came since) or when the
     * transport cannot wait without a thread: the caller then reads as usual.
     *
     * <p>Called by the reading thread, which must not read again unless this returns false.
     */
    default boolean resumeWhenReadable(Runnable task) {
        return false;
    }

    /**
     * Whether {@link #readNow}, {@link #writeNow} and {@link #awaitReady} work: a relay can then
     * read on while its output is blocked, as an event loop does.
     */
    default boolean canRelayNow() {
        return false;
    }

    /** Reads what has arrived without waiting: the byte count, 0 when nothing has, -1 at end of stream. */
    default int readNow(byte[] buffer, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("readNow on " + this);
    }

    /** Writes what fits without waiting: the byte count, 0 when nothing fits. */
    default int writeNow(byte[] buffer, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("writeNow on " + this);
    }

    /**
     * Waits until a read may find input (when {@code read}) or a write may find room (when
     * {@code write}), or the channel fails or closes. The caller must be the reading thread when
     * {@code read} and the writing thread when {@code write}.
     */
    default void awaitReady(boolean read, boolean write) throws IOException {
        throw new UnsupportedOperationException("awaitReady on " + this);
    }

    /**
     * A kernel-side relay of this channel's input into its own output ({@link Splice}), for the
     * relaying thread to use and close; null when the transport has none or cannot make one now.
     * Only asked for while {@link #canRelayNow()} holds and nothing read is waiting in user space.
     */
    default Splice openSplice() {
        return null;
    }

    /** The TLS session when this channel is encrypted. */
    default Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }
}
