package dev.netkit.services.udp;

import dev.netkit.udp.Datagram;
import dev.netkit.udp.DatagramHandler;
import dev.netkit.udp.UdpReply;

/**
 * The discard service over UDP (RFC 863): datagrams are received and thrown away; nothing is sent.
 * The server's counters still record each one. Stateless, safe for concurrent use.
 */
public final class UdpDiscard implements DatagramHandler {

    @Override
    public void handle(Datagram datagram, UdpReply reply) {
        // Discarding is the service.
    }
}
