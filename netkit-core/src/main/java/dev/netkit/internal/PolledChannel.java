package dev.netkit.internal;

import java.io.IOException;

/**
 * A {@link StreamChannel} on a readiness poller (epoll): besides blocking reads and writes, it can
 * wait for input without a thread, and read and write without waiting, as an event loop does.
 * Callers test for it ({@code channel instanceof PolledChannel}); a transport that cannot do these
 * things implements {@link StreamChannel} alone.
 */
public interface PolledChannel extends StreamChannel {

    /**
     * Arranges for {@code task} to run once when this channel next has input to read, reaches end
     * of stream, fails, or is closed; until then no thread waits on it. The task runs on the
     * transport's poller or inside the {@code close()}/{@code abort()} of whichever thread closes
     * the channel, so it must be quick (start a thread) and must not throw. Returns false, having
     * arranged nothing, when input may already be waiting (the last read filled its buffer, or an
     * edge came since): the caller then reads as usual.
     *
     * <p>Called by the reading thread, which must not read again unless this returns false.
     */
    boolean resumeWhenReadable(Runnable task);

    /**
     * Lets go of any hold on the array last written from, for an output that has just given its
     * buffer back: an idle connection then keeps no buffer alive through its channel. Called by
     * the writing thread (under the output's lock). By default nothing.
     */
    default void releaseWriteArray() {
    }

    /** Reads what has arrived without waiting: the byte count, 0 when nothing has, -1 at end of stream. */
    int readNow(byte[] buffer, int offset, int length) throws IOException;

    /** Writes what fits without waiting: the byte count, 0 when nothing fits. */
    int writeNow(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Waits until a read may find input (when {@code read}) or a write may find room (when
     * {@code write}), or the channel fails or closes. The caller must be the reading thread when
     * {@code read} and the writing thread when {@code write}.
     */
    void awaitReady(boolean read, boolean write) throws IOException;

    /**
     * A kernel-side relay of this channel's input into its own output ({@link Splice}), for the
     * relaying thread to use and close; null when the transport has none or cannot make one now.
     * Only asked for while nothing read is waiting in user space.
     */
    Splice openSplice();

    /**
     * A kernel-side relay of this channel's input into {@code to}'s output, as {@link #openSplice()}
     * is into this channel's own: for a proxy between two connections. Null when the transport has
     * none between these two channels (another transport, a layer such as TLS in between) or
     * cannot make one now. The relaying thread must be this channel's reader and {@code to}'s writer.
     */
    default Splice openSplice(PolledChannel to) {
        return to == this ? openSplice() : null;
    }
}
