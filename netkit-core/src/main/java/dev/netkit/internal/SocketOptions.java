package dev.netkit.internal;

/**
 * TCP socket options a server or client asks for beyond netkit's fixed ones (TCP_NODELAY,
 * SO_REUSEADDR). Each is ignored on a Unix domain socket.
 *
 * @param reusePort a listener binds with SO_REUSEPORT, so that another process can bind the same
 *        port at once (a new version during a rolling restart); the kernel shares connections
 *        among all such listeners
 * @param keepAlive connections send TCP keep-alive probes when idle (SO_KEEPALIVE), so that a peer
 *        gone without a word (a NAT entry dropped, a machine powered off) is found
 */
public record SocketOptions(boolean reusePort, boolean keepAlive) {

    /** Neither. */
    public static final SocketOptions DEFAULT = new SocketOptions(false, false);
}
