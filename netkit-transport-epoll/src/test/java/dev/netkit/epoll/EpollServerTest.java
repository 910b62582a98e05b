package dev.netkit.epoll;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.ShutdownResult;
import dev.netkit.TransportType;
import dev.netkit.internal.ListenChannel;
import dev.netkit.internal.StreamChannel;
import dev.netkit.internal.Transports;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The server and client on epoll: selection, idle timeout, graceful and forced stop, connect timeout. */
class EpollServerTest {

    private static Connection connect(Endpoint endpoint) throws IOException {
        return Client.builder().timeout(Duration.ofSeconds(5)).transport(TransportType.EPOLL).connect(endpoint);
    }

    @Test
    void epollIsWhatAutoPicksHereAndTheServerSaysSo() throws Exception {
        assertThat(new EpollTransportProvider().unavailabilityReason()).isEmpty();
        assertThat(Transports.select(TransportType.EPOLL).name()).isEqualTo("epoll");
        if (System.getProperty(Transports.PROPERTY, "auto").equals("auto")) {
            assertThat(Transports.select(TransportType.AUTO).name()).isEqualTo("epoll");
        }
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).transport(TransportType.EPOLL)
                .handler(c -> { }).start()) {
            assertThat(server.transportName()).isEqualTo("epoll");
        }
    }

    @Test
    void aPeerNameLookedUpOnOneConnectionDoesNotShowOnTheNextFromTheSameHost() throws Exception {
        BlockingQueue<InetSocketAddress> remotes = new LinkedBlockingQueue<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).transport(TransportType.EPOLL)
                .handler(c -> remotes.add((InetSocketAddress) c.remoteAddress()))
                .start()) {
            try (Connection first = connect(server.endpoint())) {
                InetSocketAddress remote = remotes.poll(10, TimeUnit.SECONDS);
                assertThat(remote).isNotNull();
                // A handler that looks up its peer's name: InetAddress keeps the answer.
                assumeThat(remote.getHostName()).as("127.0.0.1 has a name here").isNotEqualTo("127.0.0.1");
            }
            try (Connection second = connect(server.endpoint())) {
                InetSocketAddress remote = remotes.poll(10, TimeUnit.SECONDS);
                assertThat(remote).isNotNull();
                // As NIO reports it, and as every new connection did before: no name nobody asked for.
                assertThat(remote.getHostString()).isEqualTo("127.0.0.1");
                assertThat(remote.toString()).startsWith("/127.0.0.1:");
            }
        }
    }

    @Test
    void anIdleConnectionIsClosedByTheServer() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).transport(TransportType.EPOLL)
                .idleTimeout(Duration.ofMillis(200))
                .handler(c -> c.input().transferTo(c.output()))
                .start();
             Connection conn = connect(server.endpoint())) {
            // The handler is parked in a read when the sweeper closes the connection from its own thread.
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return conn.input().read();
                } catch (IOException e) {
                    return -2;
                }
            });
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
        }
    }

    @Test
    void stopClosesHandlersBlockedInReadsAtTheDeadline() throws Exception {
        CountDownLatch reading = new CountDownLatch(2);
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).transport(TransportType.EPOLL)
                .handler(c -> {
                    reading.countDown();
                    c.input().read();
                })
                .start();
        List<Connection> clients = new ArrayList<>();
        try {
            clients.add(connect(server.endpoint()));
            clients.add(connect(server.endpoint()));
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
            ShutdownResult result = server.stop(Duration.ofMillis(200));
            assertThat(result.graceful()).isFalse();
            assertThat(result.forcedConnections()).isEqualTo(2);
            assertThat(server.connectionCount()).isZero();
        } finally {
            clients.forEach(Connection::close);
        }
    }

    @Test
    void stopIsGracefulWhenHandlersFinish(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Server server = Server.builder().listen(Endpoint.unix(dir.resolve("stop.sock"))).transport(TransportType.EPOLL)
                .handler(c -> c.send("bye\n"))
                .start();
        try (Connection conn = connect(server.endpoint())) {
            assertThat(conn.input().readAllBytes()).asString().isEqualTo("bye\n");
        }
        assertThat(server.stop(Duration.ofSeconds(5)).graceful()).isTrue();
        assertThat(dir.resolve("stop.sock")).doesNotExist();
    }

    @Test
    void aConnectThatGetsNoAnswerTimesOut() throws Exception {
        // A listener that never accepts, with a backlog of 1: once its queue is full, the kernel
        // drops further SYNs, so a connect waits for an answer that does not come.
        try (ListenChannel full = EpollTransport.INSTANCE.listen(Endpoint.tcp("127.0.0.1", 0), 1)) {
            List<StreamChannel> filling = new ArrayList<>();
            try {
                Throwable failure = null;
                for (int i = 0; i < 16 && failure == null; i++) {
                    try {
                        filling.add(EpollTransport.INSTANCE.connect(full.endpoint(), Duration.ofMillis(300)));
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                assertThat(failure).isInstanceOf(SocketTimeoutException.class)
                        .hasMessage("connect to 127.0.0.1:" + ((Endpoint.Tcp) full.endpoint()).port() + " timed out after 300 ms");
            } finally {
                filling.forEach(StreamChannel::close);
            }
        }
    }

    @Test
    void anUnknownHostSaysSo() {
        assertThatThrownBy(() -> EpollTransport.INSTANCE.connect(Endpoint.tcp("no-such-host.invalid", 7), Duration.ofSeconds(5)))
                .isInstanceOf(java.net.UnknownHostException.class)
                .hasMessageContaining("no-such-host.invalid");
    }
}
