package dev.netkit.internal;

import dev.netkit.Endpoint;

import java.io.Closeable;
import java.io.IOException;

/**
 * A bound, listening socket. {@link #accept()} is called by the listener's one thread;
 * {@link #close()} may be called from any thread and makes a blocked {@code accept} fail.
 */
public interface ListenChannel extends Closeable {

    /** Blocks until a peer connects. */
    StreamChannel accept() throws IOException;

    /** The endpoint actually bound (port 0 resolved). */
    Endpoint endpoint();

    /** Closes the socket and removes the Unix socket file this listener created, if it is still there. Safe twice. */
    @Override
    void close();
}
