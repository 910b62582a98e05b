package dev.netkit.internal;

import java.io.IOException;

/**
 * A kernel-side relay from a channel's input into its own output (an echo) or into another
 * channel's (a proxy): on Linux a pipe that {@code splice(2)} fills from one socket and empties
 * into the other, so the bytes of a busy stream never cross into the JVM (no copy out to a heap
 * buffer and back in). Taken from {@link PolledChannel#openSplice()} or
 * {@link PolledChannel#openSplice(PolledChannel)} for one relay and closed by it.
 *
 * <p>Threading: owned by the one thread that relays, which is then the source channel's reader and
 * the target channel's writer. Either channel may be closed by another thread at any time; calls
 * then fail with an {@link IOException}, and {@link #close()} still gives the pipe back.
 */
public interface Splice extends AutoCloseable {

    /**
     * Moves what has arrived into the pipe without waiting: the byte count, -1 at end of stream,
     * or 0 when nothing moved. With the pipe empty, 0 means the socket had nothing, or that the
     * pipe cannot take what it has ({@link #stopped()}); with bytes in the pipe it may also mean
     * the pipe is full, so the caller sends before it waits for input.
     */
    int in() throws IOException;

    /**
     * Whether input has come that the pipe cannot take (TCP urgent data, or a socket the kernel
     * will not splice): the caller sends what is in the pipe and reads on through its buffer.
     */
    boolean stopped();

    /** Sends from the pipe what the output takes without waiting: the byte count, 0 when it takes none. */
    int out() throws IOException;

    /** Bytes in the pipe, not sent yet. */
    int pending();

    /** Gives the pipe back for reuse when it is empty, and closes it otherwise. Never throws. */
    @Override
    void close();
}
