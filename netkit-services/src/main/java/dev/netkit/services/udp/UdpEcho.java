package dev.netkit.services.udp;

import dev.netkit.udp.Datagram;
import dev.netkit.udp.DatagramHandler;
import dev.netkit.udp.UdpReply;

import java.io.IOException;

/**
 * The echo service over UDP (RFC 862): each datagram is sent back to its sender unchanged, an
 * empty one included. A datagram longer than the server's maximum is never echoed in part: the
 * server counts it as truncated and does not call the handler. Stateless, safe for concurrent use.
 */
public final class UdpEcho implements DatagramHandler {

    @Override
    public void handle(Datagram datagram, UdpReply reply) throws IOException {
        reply.send(datagram.payload());
    }
}
