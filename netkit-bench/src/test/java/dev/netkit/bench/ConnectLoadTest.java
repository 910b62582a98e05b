package dev.netkit.bench;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.bench.tools.SelfSignedKeys;
import dev.netkit.services.EchoService;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The connect workload, plain and over TLS (where every handshake gets a new client context, so none is resumed). */
class ConnectLoadTest {

    /** The running load's latencies, drained until it has timed {@code count} connections (20 s at most). */
    private static Histogram latenciesOf(ConnectLoad load, int count) throws InterruptedException {
        Histogram latencies = new Histogram(3);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (latencies.getTotalCount() < count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
            load.drainLatencies(latencies);
        }
        return latencies;
    }

    @Test
    void everyHandshakeGetsItsOwnClientContext(@TempDir Path dir) throws Exception {
        SelfSignedKeys keys = SelfSignedKeys.create(dir);
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .tls(keys.serverTls()).handler(EchoService.raw()).start()) {
            AtomicInteger contexts = new AtomicInteger();
            Connector connector = new Connector(new InetSocketAddress("127.0.0.1", server.port()), List.of());
            ConnectLoad load = new ConnectLoad("tls-connect", ConnectLoad.fullHandshakes(connector, () -> {
                contexts.incrementAndGet();
                return keys.clientTls();
            }), 2, 0);
            load.start();
            Histogram handshakes = latenciesOf(load, 10);
            load.stop();
            load.drainLatencies(handshakes);
            assertThat(load.counters().errors()).isZero();
            assertThat(handshakes.getTotalCount()).isGreaterThanOrEqualTo(10);
            assertThat((long) contexts.get()).isEqualTo(handshakes.getTotalCount() + load.counters().errors());
        }
    }

    @Test
    void plainConnectsOverAUnixSocket() throws Exception {
        Path dir = Files.createTempDirectory("netkit-connect");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            // A virtual thread's Unix connect fails (EAGAIN) rather than waits when the backlog is
            // full: a paced load and a deep backlog keep the acceptor ahead.
            server.bind(address, 1000);
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        server.accept().close();
                    }
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            ConnectLoad load = new ConnectLoad("connect", ConnectLoad.plain(new Connector(address, List.of())), 2, 1000);
            load.start();
            Histogram connects = latenciesOf(load, 10);
            load.stop();
            assertThat(load.counters().errors()).isZero();
            assertThat(connects.getTotalCount()).isGreaterThanOrEqualTo(10);
            server.close();
            acceptor.join(Duration.ofSeconds(10));
        } finally {
            Files.deleteIfExists(dir.resolve("s"));
            Files.delete(dir);
        }
    }

    @Test
    void theConnectionIndexMayWrapWithSeveralSourceAddresses() throws Exception {
        // The loop's index is an int that wraps after 2^31 connections: the source address it
        // picks must still be one of them, not a failed connect that leaks its channel.
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetAddress loopback = InetAddress.getLoopbackAddress();
            Connector connector = new Connector(server.getLocalAddress(), List.of(loopback, loopback));
            for (int index : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, -1}) {
                try (AutoCloseable connection = ConnectLoad.plain(connector).prepare(index).connect();
                     SocketChannel accepted = server.accept()) {
                    assertThat(accepted.isConnected()).isTrue();
                }
            }
        }
    }
}
