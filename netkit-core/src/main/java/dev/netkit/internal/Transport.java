package dev.netkit.internal;

import dev.netkit.Endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The system-call layer under netkit: how sockets are bound, accepted, connected, read and written.
 * Everything above it (connections, framing, TLS, groups) is the same whichever transport runs.
 * Implementations are stateless or thread-safe and are shared by every server and client.
 */
public interface Transport {

    /** A short name for logs and options: {@code nio}, {@code epoll}. */
    String name();

    /** Binds and listens on {@code endpoint}. */
    ListenChannel listen(Endpoint endpoint, int backlog) throws IOException;

    /** Connects to {@code endpoint}, failing after {@code timeout}. */
    StreamChannel connect(Endpoint endpoint, Duration timeout) throws IOException;

    /**
     * Connects to a TCP {@code endpoint} from the local {@code source} address (its port 0 for any),
     * failing after {@code timeout}. A transport that cannot bind a client socket throws
     * {@link IllegalStateException}; {@code null} for {@code source} is {@link #connect(Endpoint, Duration)}.
     */
    default StreamChannel connect(Endpoint endpoint, InetSocketAddress source, Duration timeout) throws IOException {
        if (source == null) {
            return connect(endpoint, timeout);
        }
        throw new IllegalStateException("the " + name() + " transport cannot connect from a source address; use nio");
    }
}
