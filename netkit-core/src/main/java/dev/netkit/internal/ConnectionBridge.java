package dev.netkit.internal;

import dev.netkit.Connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Relays two connections into each other, both ways, until both directions have ended
 * ({@link Connection#relay}). Each direction is {@code from.input().transferTo(to.output())}, which
 * splices between two plain sockets on epoll ({@link Relay}) and copies through the input's
 * bounded buffer otherwise; at its end of stream the other side's output is shut down, so a
 * half-close passes through. A direction that fails aborts both connections: the other direction
 * then ends too, and neither peer can take a cut stream for a whole one.
 *
 * <p>Threads: the calling thread carries the first connection's input to the second; a virtual
 * thread carries the second's input to the first. The caller is the first connection's reader
 * and the second's writer; the virtual thread the other way round.
 */
final class ConnectionBridge {

    private ConnectionBridge() {
    }

    /** Relays until both directions have ended; throws the first failure, after both have ended. */
    static void run(Connection first, Connection second) throws IOException {
        Objects.requireNonNull(second, "other");
        if (first == second) {
            throw new IllegalArgumentException("a connection cannot relay to itself: " + first);
        }
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread backward = Thread.ofVirtual().name("netkit-relay-" + second.id())
                .start(() -> oneWay(second, first, failure));
        oneWay(first, second, failure);
        try {
            backward.join();
        } catch (InterruptedException e) {
            first.abort();
            second.abort();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while relaying " + first + " and " + second);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * One direction, to its end. A failure is kept unless the other direction failed first (the
     * abort that then ends this one is no news), and aborts both connections.
     */
    private static void oneWay(Connection from, Connection to, AtomicReference<IOException> failure) {
        try {
            from.input().transferTo(to.output());
            to.shutdownOutput();
        } catch (IOException e) {
            failure.compareAndSet(null, e);
            from.abort();
            to.abort();
        }
    }
}
