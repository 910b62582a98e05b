package dev.netkit.udp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UdpSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static UdpSocket loopback(String address) throws IOException {
        return UdpSocket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    }

    private static Datagram receive(UdpSocket socket) throws IOException {
        return socket.receive(WAIT).orElseThrow(() -> new AssertionError("no datagram within " + WAIT));
    }

    @Test
    void roundTripOverIpv4AndIpv6Loopback() throws Exception {
        for (String address : new String[] {"127.0.0.1", "::1"}) {
            try (UdpSocket a = loopback(address); UdpSocket b = loopback(address)) {
                assertThat(a.localAddress().getPort()).isPositive();
                a.send("hello".getBytes(StandardCharsets.UTF_8), b.localAddress());
                Datagram d = receive(b);
                assertThat(d.text()).isEqualTo("hello");
                assertThat(d.sender()).isEqualTo(a.localAddress());
                assertThat(d.truncated()).isFalse();
                b.send(d.payload(), d.sender());
                assertThat(receive(a).text()).isEqualTo("hello");
            }
        }
    }

    @Test
    void emptyDatagramArrivesAsEmpty() throws Exception {
        try (UdpSocket a = loopback("127.0.0.1"); UdpSocket b = loopback("127.0.0.1")) {
            a.send(new byte[0], b.localAddress());
            Datagram d = receive(b);
            assertThat(d.length()).isZero();
            assertThat(d.truncated()).isFalse();
        }
    }

    @Test
    void largestIpv4DatagramArrivesWhole() throws Exception {
        byte[] data = new byte[UdpSocket.MAX_IPV4_DATAGRAM_SIZE];
        new Random(7).nextBytes(data);
        try (UdpSocket a = loopback("127.0.0.1"); UdpSocket b = loopback("127.0.0.1")) {
            a.send(data, b.localAddress());
            Datagram d = receive(b);
            assertThat(d.truncated()).isFalse();
            assertThat(d.payload()).isEqualTo(data);
            assertThatThrownBy(() -> a.send(new byte[data.length + 1], b.localAddress()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void datagramOverTheMaximumIsReportedTruncated() throws Exception {
        byte[] data = new byte[1001];
        new Random(8).nextBytes(data);
        try (UdpSocket a = loopback("127.0.0.1");
             UdpSocket b = UdpSocket.builder().bind(new InetSocketAddress("127.0.0.1", 0)).maxDatagramSize(1000).open()) {
            a.send(Arrays.copyOf(data, 1000), b.localAddress());
            a.send(data, b.localAddress());
            Datagram exact = receive(b);
            assertThat(exact.truncated()).isFalse();
            assertThat(exact.length()).isEqualTo(1000);
            Datagram over = receive(b);
            assertThat(over.truncated()).isTrue();
            assertThat(over.payload()).isEqualTo(Arrays.copyOf(data, 1000));
        }
    }

    @Test
    void connectedSocketTalksToItsPeerOnly() throws Exception {
        try (UdpSocket client = loopback("127.0.0.1"); UdpSocket peer = loopback("127.0.0.1");
             UdpSocket stranger = loopback("127.0.0.1")) {
            client.connect(peer.localAddress());
            assertThat(client.remoteAddress()).contains(peer.localAddress());
            client.send("to peer".getBytes(StandardCharsets.UTF_8));
            assertThat(receive(peer).text()).isEqualTo("to peer");
            assertThatThrownBy(() -> client.send(new byte[0])).isInstanceOf(IOException.class)
                    .hasMessageContaining("empty datagram");
            stranger.send("ignored".getBytes(StandardCharsets.UTF_8), client.localAddress());
            peer.send("from peer".getBytes(StandardCharsets.UTF_8), client.localAddress());
            assertThat(receive(client).text()).isEqualTo("from peer");
            client.disconnect();
            assertThat(client.remoteAddress()).isEmpty();
            assertThatThrownBy(() -> client.send(new byte[1])).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void connectedSocketReportsAClosedPortAsUnreachable() throws Exception {
        InetSocketAddress closed;
        try (UdpSocket gone = loopback("127.0.0.1")) {
            closed = gone.localAddress();
        }
        try (UdpSocket client = loopback("127.0.0.1")) {
            client.connect(closed);
            client.send("anyone?".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> client.receive(WAIT)).isInstanceOf(PortUnreachableException.class);
        }
    }

    @Test
    void receiveWithTimeoutReturnsEmptyWhenNothingArrives() throws Exception {
        try (UdpSocket socket = loopback("127.0.0.1")) {
            long start = System.nanoTime();
            assertThat(socket.receive(Duration.ofMillis(100))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        }
    }

    @Test
    void closeWakesABlockedReceiveAndIsSafeTwice() throws Exception {
        UdpSocket socket = loopback("127.0.0.1");
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                socket.receive();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        socket.close();
        socket.close();
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        assertThat(socket.isOpen()).isFalse();
    }

    @Test
    void anInterruptedThreadDoesNotCloseTheSocket() throws Exception {
        try (UdpSocket a = loopback("127.0.0.1"); UdpSocket b = loopback("127.0.0.1")) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> a.send(new byte[1], b.localAddress())).isInstanceOf(InterruptedIOException.class);
            } finally {
                assertThat(Thread.interrupted()).isTrue();
            }
            assertThat(a.isOpen()).isTrue();
            a.send(new byte[] {42}, b.localAddress());
            assertThat(receive(b).payload()).containsExactly(42);
        }
    }

    @Test
    void broadcastIsRefusedUnlessEnabled() throws Exception {
        InetSocketAddress everyone = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9);
        try (UdpSocket off = UdpSocket.bind(new InetSocketAddress("0.0.0.0", 0));
             UdpSocket on = UdpSocket.builder().bind(new InetSocketAddress("0.0.0.0", 0)).broadcast(true).open()) {
            assertThatThrownBy(() -> off.send(new byte[1], everyone)).isInstanceOf(IOException.class);
            on.send(new byte[1], everyone);
        }
    }

    @Test
    void badSettingsNameTheField() {
        assertThatThrownBy(() -> UdpSocket.builder().maxDatagramSize(0)).hasMessageContaining("maxDatagramSize");
        assertThatThrownBy(() -> UdpSocket.builder().maxDatagramSize(65_528)).hasMessageContaining("maxDatagramSize");
        assertThatThrownBy(() -> UdpSocket.builder().bind(70_000)).hasMessageContaining("port");
        assertThatThrownBy(() -> UdpSocket.builder().multicastTtl(256)).hasMessageContaining("multicastTtl");
        assertThatThrownBy(() -> UdpSocket.builder().bind(InetSocketAddress.createUnresolved("x", 1)))
                .hasMessageContaining("address");
    }
}
