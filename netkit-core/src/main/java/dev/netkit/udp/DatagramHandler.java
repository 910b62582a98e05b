package dev.netkit.udp;

/**
 * What a {@link UdpServer} does with each datagram. Runs on a virtual thread of its own, one per
 * datagram, so it may block (send, call out, sleep); the server bounds how many run at once.
 * Implementations must be safe for concurrent use: several datagrams are handled at the same time.
 *
 * <p>An exception thrown here is counted ({@link UdpCounters#failed()}) and logged; the server
 * goes on.
 */
@FunctionalInterface
public interface DatagramHandler {

    /** Handles one whole (never truncated) datagram; {@code reply} sends from the server's port. */
    void handle(Datagram datagram, UdpReply reply) throws Exception;
}
