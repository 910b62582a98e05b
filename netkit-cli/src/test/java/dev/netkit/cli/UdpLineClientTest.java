package dev.netkit.cli;

import dev.netkit.udp.DatagramHandler;
import dev.netkit.udp.UdpServer;
import dev.netkit.udp.UdpSocket;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code netkit connect --udp}'s line-by-line pump, against a real UDP server on the loopback. */
class UdpLineClientTest {

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static UdpServer server(DatagramHandler handler) throws IOException {
        return UdpServer.builder().bind(new InetSocketAddress("127.0.0.1", 0)).handler(handler).start();
    }

    private static UdpSocket connectedTo(InetSocketAddress peer) throws IOException {
        UdpSocket socket = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0));
        socket.connect(peer);
        return socket;
    }

    @Test
    void eachLineIsOneDatagramAndEachAnswerOneLine() throws Exception {
        try (UdpServer server = server((d, reply) -> reply.send(d.payload()));
             UdpSocket socket = connectedTo(server.localAddress())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            UdpLineClient.run(socket, text("one\r\ntwo\n\nlast"), out, Duration.ofMillis(300));
            // Echo replies may come back in any order: each handler runs on its own thread.
            assertThat(out.toString(StandardCharsets.UTF_8).split("(?<=\n)"))
                    .containsExactlyInAnyOrder("one\r\n", "two\n", "\n", "last\n");
            assertThat(server.counters().received()).isEqualTo(4);
        }
    }

    @Test
    void answersEndingInALineBreakAreNotGivenASecondOne() throws Exception {
        try (UdpServer server = server((d, reply) -> reply.send("Wednesday\r\n"));
             UdpSocket socket = connectedTo(server.localAddress())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            UdpLineClient.run(socket, text("\n"), out, Duration.ofMillis(300));
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Wednesday\r\n");
        }
    }

    @Test
    void endsByItselfWhenTheInputEndsAndThePeerIsQuiet() throws Exception {
        try (UdpServer server = server((d, reply) -> { });
             UdpSocket socket = connectedTo(server.localAddress())) {
            long start = System.nanoTime();
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try {
                    UdpLineClient.run(socket, text("anyone?\n"), new ByteArrayOutputStream(), Duration.ofMillis(200));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            run.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        }
    }

    @Test
    void aPeerWithNothingListeningIsReported() throws Exception {
        InetSocketAddress closed;
        try (UdpSocket gone = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
            closed = gone.localAddress();
        }
        // The kernel rate-limits ICMP port-unreachable per destination (about one a second), and
        // other tests running at the same time draw on it too: try a few times before failing.
        Throwable last = null;
        for (int attempt = 0; attempt < 5 && !(last instanceof PortUnreachableException); attempt++) {
            try (UdpSocket socket = connectedTo(closed)) {
                UdpLineClient.run(socket, text("hello\n"), new ByteArrayOutputStream(), Duration.ofSeconds(2));
                last = null;
            } catch (Exception e) {
                last = e;
            }
        }
        assertThat(last).isInstanceOf(PortUnreachableException.class);
    }

    @Test
    void anUnconnectedSocketIsRefused() throws Exception {
        try (UdpSocket socket = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
            assertThatThrownBy(() -> UdpLineClient.run(socket, text(""), new ByteArrayOutputStream(), Duration.ofSeconds(1)))
                    .hasMessageContaining("connected");
        }
    }
}
