package dev.netkit.udp;

/**
 * A snapshot of a {@link UdpServer}'s counters since it started.
 *
 * <p>Every datagram read from the kernel is counted once in {@code received} and then exactly once
 * in {@code handled}, {@code dropped} or {@code truncated}, so
 * {@code received == handled + dropped + truncated} once the server has stopped (while it runs, the
 * counters are read one after the other and may be a datagram apart). Datagrams that the kernel
 * itself dropped (a full receive buffer) never reach the server and are not counted here.
 *
 * @param received datagrams read from the socket
 * @param handled datagrams passed to the handler
 * @param dropped datagrams not handled because every handler thread was busy
 * @param truncated datagrams longer than the maximum size, not handled
 * @param failed handler runs that ended with an exception
 * @param sent datagrams sent through {@link UdpReply}
 */
public record UdpCounters(long received, long handled, long dropped, long truncated, long failed, long sent) {
}
