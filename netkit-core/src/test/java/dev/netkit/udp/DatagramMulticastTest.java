package dev.netkit.udp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Multicast on the loopback interface: the Node.js tour's discovery-on-a-LAN use case, on one host. */
class DatagramMulticastTest {

    @Test
    void memberReceivesWhatIsSentToTheGroupUntilItLeaves() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        assumeTrue(lo != null, "no loopback interface found");
        InetAddress group = InetAddress.getByName("239.255.77.77");
        try (UdpSocket member = UdpSocket.builder().family(StandardProtocolFamily.INET).reuseAddress(true)
                     .bind(new InetSocketAddress("0.0.0.0", 0)).open();
             UdpSocket sender = UdpSocket.builder().family(StandardProtocolFamily.INET)
                     .bind(new InetSocketAddress("127.0.0.1", 0))
                     .multicastInterface(lo).multicastLoopback(true).open()) {
            try {
                member.joinGroup(group, lo);
            } catch (SocketException e) {
                assumeTrue(false, "the kernel refuses multicast on " + lo.getName() + ": " + e.getMessage());
            }
            member.joinGroup(group, lo); // twice is harmless
            InetSocketAddress to = new InetSocketAddress(group, member.localAddress().getPort());
            sender.send("hello group".getBytes(StandardCharsets.UTF_8), to);
            Datagram d = member.receive(Duration.ofSeconds(5))
                    .orElseThrow(() -> new AssertionError("nothing received from the group on " + lo.getName()));
            assertThat(d.text()).isEqualTo("hello group");
            assertThat(d.sender()).isEqualTo(sender.localAddress());

            assertThat(member.leaveGroup(group, lo)).isTrue();
            assertThat(member.leaveGroup(group, lo)).isFalse();
            sender.send("after leaving".getBytes(StandardCharsets.UTF_8), to);
            assertThat(member.receive(Duration.ofMillis(300))).isEmpty();
        }
    }
}
