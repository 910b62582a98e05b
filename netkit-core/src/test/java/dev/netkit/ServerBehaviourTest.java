package dev.netkit;

import dev.netkit.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerBehaviourTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    static String readAll(Connection c) throws IOException {
        return new String(c.input().readAllBytes(), StandardCharsets.UTF_8);
    }

    static String readLine(Connection c) {
        return c.lines().iterator().next();
    }

    @Test
    void aHalfClosedClientStillReceivesTheLastReply() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    int lines = 0;
                    for (String ignored : c.lines()) {
                        lines++;
                    }
                    c.send("you sent " + lines + " lines\n");
                }).start();
             Connection client = Client.connect(server.endpoint())) {
            client.send("a\nb\nc\n");
            client.shutdownOutput();
            assertThat(readAll(client)).isEqualTo("you sent 3 lines\n");
        }
    }

    @Test
    void connectingToAClosedPortFailsFastNamingHostAndPort() throws Exception {
        // A socket bound but not listening: the port refuses connections, and no test running
        // alongside can take it meanwhile (a closed port could be bound again at once).
        try (java.nio.channels.SocketChannel holder = java.nio.channels.SocketChannel.open()
                .bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) holder.getLocalAddress()).getPort();
            long start = System.nanoTime();
            assertThatThrownBy(() -> Client.builder().timeout(WAIT).connect(Endpoint.tcp("127.0.0.1", port)))
                    .isInstanceOf(ConnectException.class)
                    .hasMessage("connection refused: 127.0.0.1:" + port);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        }
    }

    @Test
    void aLineOverTheMaximumEndsThatConnectionAndTheServerServesTheNext() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    for (String line : c.lines(16)) {
                        c.send("got " + line + "\n");
                    }
                }).start()) {
            try (Connection bad = Client.connect(server.endpoint())) {
                try {
                    bad.send("x".repeat(100_000) + "\n");
                } catch (IOException e) {
                    // the server may hang up (and reset) while the long line is still going out
                }
                // The handler failed on the long line and the server closed the connection.
                assertThat(readAllQuietly(bad)).isEmpty();
            }
            try (Connection good = Client.connect(server.endpoint())) {
                good.send("hello\n");
                assertThat(readLine(good)).isEqualTo("got hello");
            }
        }
    }

    private static String readAllQuietly(Connection c) {
        try {
            return readAll(c);
        } catch (IOException e) {
            return ""; // a reset is as good as an end here: the server dropped the connection
        }
    }

    @Test
    void anIdleConnectionIsClosedAtTheIdleTimeout() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .idleTimeout(Duration.ofMillis(200))
                .handler(c -> c.input().transferTo(c.output()))
                .start();
             Connection silent = Client.connect(server.endpoint())) {
            CompletableFuture<Integer> end = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.input().read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(end.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(-1);
            Eventually.await("the server to drop the idle connection", WAIT, () -> server.connectionCount() == 0);
        }
    }

    @Test
    void gracefulStopLetsARunningHandlerFinish() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    started.countDown();
                    release.await();
                    c.send("finished\n");
                }).start();
        try (Connection client = Client.connect(server.endpoint())) {
            assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            CompletableFuture<ShutdownResult> stop = CompletableFuture.supplyAsync(() -> server.stop(WAIT));
            Eventually.await("the server to stop accepting", WAIT, () -> !canConnect(server.endpoint()));
            release.countDown();
            assertThat(readAll(client)).isEqualTo("finished\n");
            ShutdownResult result = stop.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(result.graceful()).isTrue();
            assertThat(result.forcedConnections()).isZero();
        }
    }

    @Test
    void aStopPastItsDeadlineForcesAndSaysSo() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    started.countDown();
                    c.input().read(); // waits for a byte that never comes
                }).start();
        try (Connection client = Client.connect(server.endpoint())) {
            assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            ShutdownResult result = server.stop(Duration.ofMillis(100));
            assertThat(result.graceful()).isFalse();
            assertThat(result.forcedConnections()).isEqualTo(1);
            assertThat(client.input().read()).isEqualTo(-1);
            assertThat(server.stop(Duration.ZERO)).isSameAs(result);
        }
    }

    @Test
    void startingWithoutEndpointOrHandlerIsAClearError() {
        assertThatThrownBy(() -> Server.builder().handler(c -> { }).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("listen");
        assertThatThrownBy(() -> Server.builder().listen(Endpoint.tcp(0)).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("handler");
        assertThatThrownBy(() -> Server.builder().maxConnections(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
    }

    @Test
    void aTakenPortIsAClearErrorNamingTheEndpoint() throws Exception {
        try (Server first = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> { }).start()) {
            Endpoint taken = first.endpoint();
            assertThatThrownBy(() -> Server.builder().listen(taken).handler(c -> { }).start())
                    .isInstanceOf(java.net.BindException.class)
                    .hasMessageStartingWith("cannot listen on " + taken);
        }
    }

    static boolean canConnect(Endpoint endpoint) {
        try (Connection c = Client.builder().timeout(Duration.ofSeconds(1)).connect(endpoint)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void inputStreamEndsWhenThePeerEndsItsOutput() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> c.send("bye\n")).start();
             Connection client = Client.connect(server.endpoint())) {
            InputStream in = client.input();
            assertThat(new String(in.readAllBytes())).isEqualTo("bye\n");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aLargeWriteToASlowButSteadyReaderIsNotIdle() throws Exception {
        int size = 8 * 1024 * 1024;
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .idleTimeout(Duration.ofSeconds(1))
                .handler(c -> c.send(new byte[size])).start();
             java.net.Socket s = new java.net.Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                // About 10 MB/s: steady progress, never a second without a byte (on a loaded machine
                // too), one send of 8 MiB.
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            assertThat(total).isEqualTo(size);
        }
    }

    @Test
    void aForcedStopIsBoundedHoweverManyHandlersAreStuck() throws Exception {
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> new CountDownLatch(1).await()) // waiting on something that is not the socket
                .start();
        java.util.List<Connection> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(Client.connect(server.endpoint()));
            }
            Eventually.await("six handlers", WAIT, () -> server.connectionCount() == 6);
            long start = System.nanoTime();
            ShutdownResult result = server.stop(Duration.ofMillis(100));
            assertThat(result.forcedConnections()).isEqualTo(6);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            Eventually.await("interrupted handlers to end", WAIT, () -> server.connectionCount() == 0);
        } finally {
            clients.forEach(Connection::close);
        }
    }

    @Test
    void aUnixConnectToAFullServerTimesOut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (Server server = Server.builder().listen(Endpoint.unix(dir.resolve("full.sock"))).maxConnections(1).backlog(1)
                .handler(c -> new CountDownLatch(1).await()).start()) {
            java.util.List<Connection> open = new java.util.ArrayList<>();
            try {
                CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                    for (int i = 0; i < 20; i++) {
                        try {
                            open.add(Client.builder().timeout(Duration.ofMillis(300)).connect(server.endpoint()));
                        } catch (IOException e) {
                            return e;
                        }
                    }
                    return null;
                });
                assertThat(failure.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isInstanceOf(java.net.SocketTimeoutException.class)
                        .hasMessageContaining("timed out after 300 ms");
            } finally {
                open.forEach(Connection::close);
            }
        }
    }

    @Test
    void aClientFindsAServerOnAnyAddressOfLocalhost() throws Exception {
        // Where localhost is both ::1 and 127.0.0.1, a server on either one must be found.
        for (java.net.InetAddress resolved : java.net.InetAddress.getAllByName("localhost")) {
            String address = resolved.getHostAddress();
            try (Server server = Server.builder().listen(Endpoint.tcp(address, 0)).handler(c -> c.send("here\n")).start();
                 Connection c = Client.connect(Endpoint.tcp("localhost", server.port()))) {
                assertThat(readAll(c)).as(address).isEqualTo("here\n");
            }
        }
    }
}
