package dev.netkit.cli;

import dev.netkit.udp.UdpSocket;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where {@code connect --udp} sends: one peer, to which the socket is connected so that only its
 * datagrams come back; or a multicast group or a broadcast address, to which the socket sends
 * unconnected (with {@code SO_BROADCAST} for broadcast), since the answers come from the members'
 * own addresses.
 *
 * @param address where the datagrams go
 * @param kind what sort of address it is
 */
record UdpDestination(InetSocketAddress address, Kind kind) {

    /** What sort of address a destination is. */
    enum Kind {
        UNICAST, MULTICAST, BROADCAST
    }

    UdpDestination {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Classifies a resolved address: a multicast group, the limited broadcast address
     * 255.255.255.255 or the broadcast address of one of this host's networks, or one peer.
     *
     * @param address resolved
     * @return the destination
     * @throws SocketException when the network interfaces cannot be listed
     */
    static UdpDestination of(InetSocketAddress address) throws SocketException {
        InetAddress host = address.getAddress();
        if (host.isMulticastAddress()) {
            return new UdpDestination(address, Kind.MULTICAST);
        }
        return new UdpDestination(address, isBroadcast(host) ? Kind.BROADCAST : Kind.UNICAST);
    }

    private static boolean isBroadcast(InetAddress host) throws SocketException {
        if (!(host instanceof Inet4Address)) {
            return false;
        }
        if (Arrays.equals(host.getAddress(), new byte[] {-1, -1, -1, -1})) {
            return true;
        }
        return NetworkInterface.networkInterfaces()
                .flatMap(nic -> nic.getInterfaceAddresses().stream())
                .map(InterfaceAddress::getBroadcast)
                .anyMatch(host::equals);
    }

    /** Whether answers may come from addresses other than the destination's. */
    boolean isGroup() {
        return kind != Kind.UNICAST;
    }

    /**
     * A socket set up to send here: connected to a single peer; for a group, unconnected, of the
     * group's address family, with broadcast allowed for a broadcast address.
     *
     * @return the open socket
     * @throws IOException when the socket cannot be opened or connected
     */
    UdpSocket open() throws IOException {
        if (kind == Kind.UNICAST) {
            UdpSocket socket = UdpSocket.open();
            try {
                socket.connect(address);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            return socket;
        }
        return UdpSocket.builder()
                .family(address.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)
                .broadcast(kind == Kind.BROADCAST)
                .open();
    }
}
