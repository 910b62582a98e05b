package dev.netkit.epoll;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sockaddr layouts, both ways, without a socket. */
class SockAddrTest {

    private static SocketAddress roundTrip(SocketAddress address, int family, int expectedLength) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(SockAddr.MAX_SIZE);
            int length = SockAddr.encode(address, family, buffer);
            assertThat(length).isEqualTo(expectedLength);
            return SockAddr.decode(buffer, length);
        }
    }

    @Test
    void ipv4PortsAreInNetworkOrder() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("192.168.1.2"), 0xBEEF);
        assertThat(roundTrip(address, Libc.AF_INET, 16)).isEqualTo(address);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(SockAddr.MAX_SIZE);
            SockAddr.encode(address, Libc.AF_INET, buffer);
            assertThat(buffer.asSlice(0, 8).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                    .containsExactly(2, 0, (byte) 0xBE, (byte) 0xEF, (byte) 192, (byte) 168, 1, 2);
        }
    }

    @Test
    void ipv6KeepsItsScope() throws Exception {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        InetSocketAddress address = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 3), 8080);
        InetSocketAddress decoded = (InetSocketAddress) roundTrip(address, Libc.AF_INET6, 28);
        assertThat(decoded.getPort()).isEqualTo(8080);
        assertThat(((Inet6Address) decoded.getAddress()).getScopeId()).isEqualTo(3);
    }

    @Test
    void ipv4OnAnIpv6SocketIsMappedAndComesBackAsIpv4() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 7);
        assertThat(roundTrip(address, Libc.AF_INET6, 28)).isEqualTo(address);
    }

    @Test
    void unixPathsAreNulTerminatedAndBounded() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of("/tmp/netkit.sock");
        assertThat(roundTrip(address, Libc.AF_UNIX, 2 + 16 + 1)).isEqualTo(address);
        UnixDomainSocketAddress tooLong = UnixDomainSocketAddress.of("/tmp/" + "x".repeat(110));
        assertThatThrownBy(() -> roundTrip(tooLong, Libc.AF_UNIX, 0))
                .isInstanceOf(SocketException.class).hasMessageContaining("too long");
    }

    @Test
    void theEpollEventLayoutMatchesThisArchitecture() {
        boolean x86 = System.getProperty("os.arch").equals("amd64");
        assertThat(Libc.EPOLL_EVENT_SIZE).isEqualTo(x86 ? 12 : 16);
        assertThat(Libc.EPOLL_EVENT_DATA).isEqualTo(x86 ? 4 : 8);
    }
}
