package dev.netkit.internal;

import java.net.InetSocketAddress;

/**
 * TCP socket options a server or client asks for beyond netkit's fixed ones (TCP_NODELAY,
 * SO_REUSEADDR). Each is ignored on a Unix domain socket.
 *
 * @param reusePort a listener binds with SO_REUSEPORT, so that another process can bind the same
 *        port at once (a new version during a rolling restart); the kernel shares connections
 *        among all such listeners
 * @param keepAlive connections send TCP keep-alive probes when idle (SO_KEEPALIVE), so that a peer
 *        gone without a word (a NAT entry dropped, a machine powered off) is found
 * @param source the local address a client connects from (its port 0 for any), or null for any;
 *        a transport that cannot bind a client socket throws {@link IllegalStateException}
 */
public record SocketOptions(boolean reusePort, boolean keepAlive, InetSocketAddress source) {

    /** None of them. */
    public static final SocketOptions DEFAULT = new SocketOptions(false, false);

    /** The listener and keep-alive options, from any local address. */
    public SocketOptions(boolean reusePort, boolean keepAlive) {
        this(reusePort, keepAlive, null);
    }
}
