package dev.netkit.cli;

import dev.netkit.cli.ConnectCommandTest.Run;
import dev.netkit.udp.Datagram;
import dev.netkit.udp.UdpSocket;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code connect --udp} to a multicast group and to the broadcast address: the datagrams reach a
 * member (looped back to this host), and the member's answer, which comes from its own address
 * rather than the group's, is printed.
 */
class ConnectUdpGroupTest {

    /** Answers each datagram, from its own address, until closed. */
    private static Thread answer(UdpSocket member) {
        return Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Datagram d = member.receive();
                    member.send(("member got " + d.text().strip().toUpperCase(Locale.ROOT) + "\n").getBytes(), d.sender());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
    }

    /** The interfaces a group member joins on: every one that is up and does multicast. */
    private static List<NetworkInterface> multicastInterfaces() throws SocketException {
        List<NetworkInterface> found = NetworkInterface.networkInterfaces().filter(nic -> {
            try {
                return nic.isUp() && nic.supportsMulticast()
                        && nic.inetAddresses().anyMatch(a -> a instanceof java.net.Inet4Address);
            } catch (SocketException e) {
                return false;
            }
        }).toList();
        assertThat(found).as("an interface that is up and does IPv4 multicast").isNotEmpty();
        return found;
    }

    @Test
    void sendsToAMulticastGroupAndPrintsTheMembersAnswer() throws Exception {
        InetAddress group = InetAddress.getByName("239.255.77.77");
        try (UdpSocket member = UdpSocket.builder().family(StandardProtocolFamily.INET).reuseAddress(true)
                .bind(new InetSocketAddress("0.0.0.0", 0)).open()) {
            for (NetworkInterface nic : multicastInterfaces()) {
                member.joinGroup(group, nic);
            }
            Thread answering = answer(member);
            Run run = Run.of("hello group\n", "connect", "--udp", "--timeout", "1s", "-v",
                    "239.255.77.77", String.valueOf(member.localAddress().getPort()));
            member.close();
            answering.join(5_000);
            assertThat(run.err()).contains("(multicast: replies from any address)");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("member got HELLO GROUP\n");
        }
    }

    @Test
    void sendsToTheBroadcastAddressWithBroadcastAllowed() throws Exception {
        try (UdpSocket member = UdpSocket.builder().family(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("0.0.0.0", 0)).open()) {
            Thread answering = answer(member);
            Run run = Run.of("hello all\n", "connect", "--udp", "--timeout", "1s",
                    "255.255.255.255", String.valueOf(member.localAddress().getPort()));
            member.close();
            answering.join(5_000);
            assertThat(run.err()).isEmpty();
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("member got HELLO ALL\n");
        }
    }
}
