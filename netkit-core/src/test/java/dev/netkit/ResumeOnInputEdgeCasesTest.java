package dev.netkit;

import dev.netkit.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Connection#resumeOnInput} and {@link Connection#transferAvailableTo}: the contract at its edges. */
class ResumeOnInputEdgeCasesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /**
     * Connection#transferAvailableTo promises "Blocks only while nothing at all has arrived". A
     * burst that exactly fills the input buffer (512 bytes, the first buffer size) is copied and
     * flushed, and then the method reads again and blocks although bytes did arrive: the turn never
     * returns, so the connection keeps its thread until the peer sends more.
     */
    @Test
    void transferAvailableToReturnsAfterABurstThatExactlyFillsTheBuffer() throws Exception {
        List<Long> returned = new CopyOnWriteArrayList<>();
        ConnectionHandler relay = new ConnectionHandler() {
            @Override
            public void handle(Connection c) throws IOException {
                long n = c.transferAvailableTo(c.output());
                returned.add(n);
                if (n >= 0) {
                    c.resumeOnInput(this);
                }
            }
        };
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(relay).start();
             Connection client = Client.connect(server.endpoint())) {
            byte[] burst = new byte[512];
            java.util.Arrays.fill(burst, (byte) 'a');
            client.send(burst);
            assertThat(client.input().readNBytes(burst.length)).isEqualTo(burst);
            Eventually.await("transferAvailableTo to return after the 512-byte burst", Duration.ofSeconds(3),
                    () -> !returned.isEmpty());
            assertThat(returned.getFirst()).isEqualTo(512L);
        }
    }

    /**
     * A new epoll channel starts drained and relies on EPOLL_CTL_ADD reporting input that arrived
     * before registration. Make that deterministic: the second client connects and sends while the
     * server is at its cap, so its bytes are queued before accept4/epoll_ctl.
     */
    @Test
    void inputThatArrivedBeforeAcceptIsRead() throws Exception {
        CountDownLatch firstServed = new CountDownLatch(1);
        ConnectionHandler echo = new ConnectionHandler() {
            @Override
            public void handle(Connection c) throws IOException {
                firstServed.countDown();
                if (c.transferAvailableTo(c.output()) >= 0) {
                    c.resumeOnInput(this);
                }
            }
        };
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).maxConnections(1)
                .handler(echo).start()) {
            Connection first = Client.connect(server.endpoint());
            first.send("1");
            assertThat(read(first.input(), 1)).isEqualTo("1");
            try (Connection second = Client.connect(server.endpoint())) {
                second.send("early");
                second.shutdownOutput(); // FIN queued too: then both IN and RDHUP are pending at ADD
                Thread.sleep(200); // the bytes sit in the kernel, unaccepted
                first.close();
                assertThat(read(second.input(), 5)).isEqualTo("early");
                assertThat(second.input().read()).isEqualTo(-1);
            }
            Eventually.await("no connections", WAIT, () -> server.connectionCount() == 0);
        }
    }

    /** The same without a FIN: only EPOLLIN is pending when the socket is added. */
    @Test
    void inputThatArrivedBeforeAcceptIsReadWithoutAHangup() throws Exception {
        ConnectionHandler echo = new ConnectionHandler() {
            @Override
            public void handle(Connection c) throws IOException {
                if (c.transferAvailableTo(c.output()) >= 0) {
                    c.resumeOnInput(this);
                }
            }
        };
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).maxConnections(1)
                .handler(echo).start()) {
            Connection first = Client.connect(server.endpoint());
            first.send("1");
            assertThat(read(first.input(), 1)).isEqualTo("1");
            try (Connection second = Client.connect(server.endpoint())) {
                second.send("early");
                Thread.sleep(200);
                first.close();
                assertThat(read(second.input(), 5)).isEqualTo("early");
            }
        }
    }

    /**
     * Churn: many connections that wait without a thread are closed from every side at once (the
     * peer, another thread on the server, the idle sweeper, stop). Each must finish exactly once:
     * a double finish releases its permit twice and lets more than maxConnections in, a missing one
     * leaves the session count above zero.
     */
    @Test
    void churnOfWaitingConnectionsFinishesEachExactlyOnce() throws Exception {
        List<Connection> served = new CopyOnWriteArrayList<>();
        ConnectionHandler relay = new ConnectionHandler() {
            @Override
            public void handle(Connection c) throws IOException {
                if (c.transferAvailableTo(c.output()) >= 0) {
                    c.resumeOnInput(this);
                }
            }
        };
        int max = 4;
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).maxConnections(max)
                .handler(c -> {
                    served.add(c);
                    c.resumeOnInput(relay);
                }).start()) {
            for (int round = 0; round < 200; round++) {
                Connection a = Client.connect(server.endpoint());
                a.send("x");
                assertThat(read(a.input(), 1)).isEqualTo("x");
                Connection victim = served.getLast();
                Thread closer = Thread.ofVirtual().start(victim::close);
                if (round % 2 == 0) {
                    a.send("y"); // an edge racing the close
                }
                a.close();
                closer.join(WAIT);
            }
            Eventually.await("every session to finish", WAIT, () -> server.connectionCount() == 0);
            // Exactly max connections are served at once, no more (a double finish adds permits).
            List<Connection> clients = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < max; i++) {
                    Connection c = Client.connect(server.endpoint());
                    c.send("p");
                    assertThat(read(c.input(), 1)).isEqualTo("p");
                    clients.add(c);
                }
                Connection extra = Client.connect(server.endpoint());
                clients.add(extra);
                extra.send("q");
                CountDownLatch got = new CountDownLatch(1);
                Thread r = Thread.ofVirtual().start(() -> {
                    try {
                        if (extra.input().read() >= 0) {
                            got.countDown();
                        }
                    } catch (IOException ignored) {
                    }
                });
                assertThat(got.await(500, TimeUnit.MILLISECONDS)).as("a connection beyond the cap was served").isFalse();
                extra.abort();
                r.join(WAIT);
            } finally {
                clients.forEach(Connection::abort);
            }
        }
    }

    /** Unix sockets: bursts, then half-close, waiting without a thread between them on epoll. */
    @Test
    void burstsAndHalfCloseOverAUnixSocket(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ConnectionHandler relay = new ConnectionHandler() {
            @Override
            public void handle(Connection c) throws IOException {
                if (c.transferAvailableTo(c.output()) >= 0) {
                    c.resumeOnInput(this);
                }
            }
        };
        try (Server server = Server.builder().listen(Endpoint.unix(dir.resolve("r.sock")))
                .handler(c -> c.resumeOnInput(relay)).start();
             Connection client = Client.connect(server.endpoint())) {
            for (int i = 0; i < 50; i++) {
                String burst = "burst " + i + "\n";
                client.send(burst);
                assertThat(read(client.input(), burst.length())).isEqualTo(burst);
            }
            client.send("tail");
            client.shutdownOutput();
            assertThat(read(client.input(), 4)).isEqualTo("tail");
            assertThat(client.input().read()).isEqualTo(-1);
            Eventually.await("no connections", WAIT, () -> server.connectionCount() == 0);
        }
    }

    private static final InheritableThreadLocal<String> CONTEXT = new InheritableThreadLocal<>();

    /**
     * The first turn's thread is made by the accept thread, so it inherits the server starter's
     * context class loader and inheritable thread-locals; a resumed turn's thread is made by
     * whichever thread ran the task: the epoll poller, or any thread that closed the connection.
     * Turns of one connection should see the same context.
     */
    @Test
    void everyTurnSeesTheSameThreadContext() throws Exception {
        // Make sure the transport's own threads exist before the context is set.
        try (Server warm = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> { }).start();
             Connection c = Client.connect(warm.endpoint())) {
            c.input().read();
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        ConnectionHandler relay = new ConnectionHandler() {
            @Override
            public void handle(Connection c) throws IOException {
                seen.add(CONTEXT.get() + "/" + Thread.currentThread().getContextClassLoader());
                if (c.transferAvailableTo(c.output()) >= 0) {
                    c.resumeOnInput(this);
                }
            }
        };
        ClassLoader custom = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public String toString() {
                return "custom-loader";
            }
        };
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        Server server;
        current.setContextClassLoader(custom);
        CONTEXT.set("tenant-a");
        try {
            server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(relay).start();
        } finally {
            current.setContextClassLoader(before);
            CONTEXT.remove();
        }
        try (server; Connection client = Client.connect(server.endpoint())) {
            for (int i = 0; i < 3; i++) {
                client.send("m" + i);
                assertThat(read(client.input(), 2)).isEqualTo("m" + i);
            }
            Eventually.await("three turns", WAIT, () -> seen.size() >= 3);
            // The server's class loader in every turn, and no thread-local inherited from any thread.
            assertThat(seen).as("context per turn").containsOnly("null/custom-loader");
        }
    }

    /** stop() racing busy connections that keep entering and leaving the threadless wait. */
    @Test
    void stopRacingBusyWaitingConnections() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            ConnectionHandler relay = new ConnectionHandler() {
                @Override
                public void handle(Connection c) throws IOException {
                    if (c.transferAvailableTo(c.output()) >= 0) {
                        c.resumeOnInput(this);
                    }
                }
            };
            for (int round = 0; round < 15; round++) {
                Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).maxConnections(64)
                        .idleTimeout(Duration.ofMillis(round % 3 == 0 ? 20 : 0))
                        // Odd rounds: connections that wait from their start (ConnectionHandler.onInput).
                        .handler(round % 2 == 0 ? c -> c.resumeOnInput(relay) : ConnectionHandler.onInput(relay)).start();
                List<Connection> clients = new java.util.ArrayList<>();
                List<Thread> pumps = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Connection c = Client.connect(server.endpoint());
                    clients.add(c);
                    pumps.add(Thread.ofVirtual().start(() -> {
                        byte[] b = new byte[37];
                        try {
                            while (true) {
                                c.send(b);
                                c.input().readNBytes(b.length);
                                if (ThreadLocalRandomHolder.next() % 4 == 0) {
                                    Thread.sleep(1);
                                }
                            }
                        } catch (Exception ignored) {
                            // the server stopped
                        }
                    }));
                }
                Thread.sleep(30);
                ShutdownResult r = server.stop(Duration.ofSeconds(5));
                assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(5));
                assertThat(server.connectionCount()).isZero();
                clients.forEach(Connection::abort);
                for (Thread t : pumps) {
                    t.join(WAIT);
                    assertThat(t.isAlive()).isFalse();
                }
            }
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    static final class ThreadLocalRandomHolder {
        static int next() {
            return java.util.concurrent.ThreadLocalRandom.current().nextInt();
        }
    }

    /**
     * The epoll transport now asks for an accepted socket's local address only when first wanted,
     * and once the socket is closed answers with the listener's address: on a wildcard listener,
     * 0.0.0.0 or ::, not the address the connection used. NIO keeps the real one.
     */
    @Test
    void localAddressAfterCloseIsTheConnectionsNotTheWildcard() throws Exception {
        java.util.concurrent.CompletableFuture<java.net.SocketAddress> local = new java.util.concurrent.CompletableFuture<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("0.0.0.0", 0))
                .handler(c -> {
                    c.close();
                    local.complete(c.localAddress());
                }).start()) {
            int port = server.port();
            try (Connection client = Client.connect(Endpoint.tcp("127.0.0.1", port))) {
                java.net.InetSocketAddress a = (java.net.InetSocketAddress) local.get(10, TimeUnit.SECONDS);
                assertThat(a.getAddress().isAnyLocalAddress()).as("local address %s", a).isFalse();
            }
        }
    }
}
