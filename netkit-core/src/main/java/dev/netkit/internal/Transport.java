package dev.netkit.internal;

import dev.netkit.Endpoint;

import java.io.IOException;
import java.time.Duration;

/**
 * The system-call layer under netkit: how sockets are bound, accepted, connected, read and written.
 * Everything above it (connections, framing, TLS, groups) is the same whichever transport runs.
 * Implementations are stateless or thread-safe and are shared by every server and client.
 */
public interface Transport {

    /** A short name for logs and options: {@code nio}, {@code epoll}. */
    String name();

    /** Binds and listens on {@code endpoint}; accepted connections get {@code options}. */
    ListenChannel listen(Endpoint endpoint, int backlog, SocketOptions options) throws IOException;

    /** Binds and listens on {@code endpoint} with the default options. */
    default ListenChannel listen(Endpoint endpoint, int backlog) throws IOException {
        return listen(endpoint, backlog, SocketOptions.DEFAULT);
    }

    /** Connects to {@code endpoint}, failing after {@code timeout}; the connection gets {@code options}. */
    StreamChannel connect(Endpoint endpoint, Duration timeout, SocketOptions options) throws IOException;

    /** Connects to {@code endpoint} with the default options, failing after {@code timeout}. */
    default StreamChannel connect(Endpoint endpoint, Duration timeout) throws IOException {
        return connect(endpoint, timeout, SocketOptions.DEFAULT);
    }
}
