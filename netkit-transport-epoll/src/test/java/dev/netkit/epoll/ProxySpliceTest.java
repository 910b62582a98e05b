package dev.netkit.epoll;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;
import dev.netkit.testing.SeededBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Connection#relay} between two epoll sockets splices, from each socket into the other
 * through a pipe: a stream crosses a proxy to an echo and back byte for byte (TCP to TCP, TCP to
 * Unix) with pipes taken and none closed with bytes in it; urgent data mid-stream and a pipe cap
 * of zero send the relay through its buffer without a byte lost. Isolated, so that the pipe
 * counts belong to this class alone.
 */
@Isolated
class ProxySpliceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int STREAM = 8 * 1024 * 1024;
    private static final ConnectionHandler ECHO = c -> c.input().transferTo(c.output());

    @Test
    void aStreamThroughATcpProxySplicesBothWays() throws Exception {
        splices(Endpoint.tcp("127.0.0.1", 0));
    }

    @Test
    void aStreamFromTcpToAUnixSocketSplicesBothWays(@TempDir Path dir) throws Exception {
        splices(Endpoint.unix(dir.resolve("backend.sock")));
    }

    private static void splices(Endpoint back) throws Exception {
        long takenBefore = Pipes.taken();
        long droppedBefore = Pipes.dropped();
        // The echo backend splices too: the proxy's pipes are at least two more than its own.
        try (Server echo = server(back, c -> c.input().transferTo(c.output()));
             Server proxy = proxy(echo.endpoint());
             Connection conn = connect(proxy.endpoint())) {
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> SeededBytes.send(conn, 5, STREAM));
            assertThat(SeededBytes.verify(conn.input(), 5)).isEqualTo(STREAM);
            written.get(30, TimeUnit.SECONDS);
        }
        assertThat(Pipes.taken() - takenBefore).as("pipes taken: the echo's, and the proxy's both ways")
                .isGreaterThanOrEqualTo(3);
        assertThat(Pipes.dropped()).as("pipes closed with bytes in them").isEqualTo(droppedBefore);
    }

    @Test
    void withNoPipeToTakeTheProxyCopiesThroughItsBufferAndLosesNothing() throws Exception {
        int max = Pipes.maxOpen();
        Pipes.closeKept();
        Pipes.maxOpen(0);
        long refusedBefore = Pipes.refused();
        try (Server echo = server(Endpoint.tcp("127.0.0.1", 0), ECHO);
             Server proxy = proxy(echo.endpoint());
             Connection conn = connect(proxy.endpoint())) {
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> SeededBytes.send(conn, 6, STREAM));
            assertThat(SeededBytes.verify(conn.input(), 6)).isEqualTo(STREAM);
            written.get(30, TimeUnit.SECONDS);
            assertThat(Pipes.refused()).as("pipes refused").isGreaterThan(refusedBefore);
        } finally {
            Pipes.maxOpen(max);
        }
    }

    /** Urgent data stops the splice at its mark: the relay reads on through its buffer. */
    @Test
    void urgentDataInASplicedProxyStreamLosesNothingAfterIt() throws Exception {
        try (Server echo = server(Endpoint.tcp("127.0.0.1", 0), ECHO);
             Server proxy = proxy(echo.endpoint());
             Socket socket = new Socket()) {
            socket.connect(((Endpoint.Tcp) proxy.endpoint()).bindAddress(), 5_000);
            socket.setSoTimeout(10_000);
            int half = 2 * 1024 * 1024;
            byte[] data = new byte[2 * half];
            new SplittableRandom(9).nextBytes(data);
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                try {
                    return socket.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            socket.getOutputStream().write(data, 0, half);
            socket.sendUrgentData(0x55);
            socket.getOutputStream().write(data, half, half);
            socket.shutdownOutput();
            assertThat(echoed.get(30, TimeUnit.SECONDS)).isEqualTo(data);
        }
    }

    private static Server proxy(Endpoint backend) throws IOException {
        return server(Endpoint.tcp("127.0.0.1", 0), c -> {
            try (Connection upstream = connect(backend)) {
                c.relay(upstream);
            }
        });
    }

    private static Server server(Endpoint endpoint, ConnectionHandler handler) throws IOException {
        return Server.builder().listen(endpoint).transport(TransportType.EPOLL).handler(handler).start();
    }

    private static Connection connect(Endpoint endpoint) throws IOException {
        return Client.builder().timeout(TIMEOUT).transport(TransportType.EPOLL).connect(endpoint);
    }
}
