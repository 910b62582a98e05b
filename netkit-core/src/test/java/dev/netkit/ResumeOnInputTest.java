package dev.netkit;

import dev.netkit.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Connection#resumeOnInput} and {@link Connection#transferAvailableTo}: a handler that hands
 * its thread back between bursts. The suite runs once per transport; on epoll a waiting connection
 * holds no thread, on NIO the next turn runs on the same thread, and the bytes are the same.
 */
class ResumeOnInputTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Relays each burst and waits for the next without a thread; records each turn's thread. */
    static final class Relay implements ConnectionHandler {
        final List<Thread> turns = new CopyOnWriteArrayList<>();

        @Override
        public void handle(Connection connection) throws IOException {
            turns.add(Thread.currentThread());
            if (connection.transferAvailableTo(connection.output()) >= 0) {
                connection.resumeOnInput(this);
            }
        }
    }

    private static Server start(ConnectionHandler handler) throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(handler).start();
    }

    private static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    @Test
    void burstsAreRelayedInOrderAcrossTurns() throws Exception {
        Relay relay = new Relay();
        try (Server server = start(c -> c.resumeOnInput(relay));
             Connection client = Client.connect(server.endpoint())) {
            for (int i = 0; i < 50; i++) {
                String burst = "burst " + i + "\n";
                client.send(burst);
                assertThat(read(client.input(), burst.length())).isEqualTo(burst);
            }
            byte[] big = new byte[1 << 20];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    client.send(big);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(client.input().readNBytes(big.length)).isEqualTo(big);
            writer.join(WAIT);
            assertThat(server.connectionCount()).isEqualTo(1);
            // A turn relays all that has arrived, so a burst that lands before the turn ends rides
            // along with the one before it: the count of turns is not the count of bursts. That
            // the connection went on across turns at all is what this checks.
            assertThat(relay.turns).hasSizeGreaterThan(1);
        }
    }

    @Test
    void aWaitingConnectionHoldsNoThreadOnEpollAndKeepsItsThreadOnNio() throws Exception {
        Relay relay = new Relay();
        try (Server server = start(relay);
             Connection client = Client.connect(server.endpoint())) {
            client.send("one");
            assertThat(read(client.input(), 3)).isEqualTo("one");
            Thread first = relay.turns.getFirst();
            if (server.transportName().equals("epoll")) {
                first.join(WAIT);
                assertThat(first.isAlive()).as("the first turn's thread ended while the connection waits").isFalse();
            }
            client.send("two");
            assertThat(read(client.input(), 3)).isEqualTo("two");
            Eventually.await("a second turn", WAIT, () -> relay.turns.size() >= 2);
            if (server.transportName().equals("epoll")) {
                assertThat(relay.turns.get(1)).isNotSameAs(first);
            } else {
                assertThat(relay.turns.get(1)).isSameAs(first);
            }
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void theNextTurnSeesTheEndOfStreamAndTheServerCloses() throws Exception {
        Relay relay = new Relay();
        try (Server server = start(relay);
             Connection client = Client.connect(server.endpoint())) {
            client.send("last words");
            assertThat(read(client.input(), 10)).isEqualTo("last words");
            client.shutdownOutput();
            assertThat(client.input().read()).isEqualTo(-1);
            Eventually.await("the connection to close", WAIT, () -> server.connectionCount() == 0);
        }
    }

    @Test
    void aStopClosesQuietWaitingConnectionsWithoutWaitingForItsDeadline() throws Exception {
        Relay relay = new Relay();
        Server server = start(c -> c.resumeOnInput(relay));
        try (Connection a = Client.connect(server.endpoint());
             Connection b = Client.connect(server.endpoint())) {
            a.send("x");
            assertThat(read(a.input(), 1)).isEqualTo("x");
            Eventually.await("both connections", WAIT, () -> server.connectionCount() == 2);
            // Both wait for their next turn's input (on epoll without a thread, on NIO on theirs)
            // and move no byte: they are between messages, and the stop ends them gracefully.
            ShutdownResult result = server.stop(Duration.ofSeconds(30));
            assertThat(result.graceful()).isTrue();
            assertThat(result.forcedConnections()).isZero();
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(30));
            assertThat(a.input().read()).isEqualTo(-1);
            assertThat(b.input().read()).isEqualTo(-1);
        }
    }

    @Test
    void theIdleTimeoutClosesAWaitingConnection() throws Exception {
        Relay relay = new Relay();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .idleTimeout(Duration.ofMillis(200)).handler(relay).start();
             Connection client = Client.connect(server.endpoint())) {
            client.send("hello");
            assertThat(read(client.input(), 5)).isEqualTo("hello");
            assertThat(client.input().read()).isEqualTo(-1);
            Eventually.await("the connection to be gone", WAIT, () -> server.connectionCount() == 0);
        }
    }

    @Test
    void aFailingTurnEndsItsConnectionAndReleasesItsPlace() throws Exception {
        AtomicInteger turns = new AtomicInteger();
        ConnectionHandler failing = new ConnectionHandler() {
            @Override
            public void handle(Connection c) throws IOException {
                byte[] b = new byte[16];
                int n = c.input().read(b);
                if (n < 0) {
                    return; // the peer is done: so is the connection
                }
                if (b[0] == '!') {
                    throw new IllegalStateException("told to fail");
                }
                turns.incrementAndGet();
                c.output().write(b, 0, n);
                c.resumeOnInput(this);
            }
        };
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).maxConnections(1)
                .handler(c -> c.resumeOnInput(failing)).start()) {
            try (Connection bad = Client.connect(server.endpoint())) {
                bad.send("ok");
                assertThat(read(bad.input(), 2)).isEqualTo("ok");
                bad.send("!");
                assertThat(bad.input().read()).isEqualTo(-1);
            }
            Eventually.await("the failed connection's place", WAIT, () -> server.connectionCount() == 0);
            try (Connection good = Client.connect(server.endpoint())) {
                good.send("fine");
                assertThat(read(good.input(), 4)).isEqualTo("fine");
            }
            assertThat(turns.get()).isEqualTo(2);
        }
    }

    @Test
    void onInputStartsNoTurnBeforeTheFirstBytesOnEpoll() throws Exception {
        Relay relay = new Relay();
        try (Server server = start(ConnectionHandler.onInput(relay));
             Connection client = Client.connect(server.endpoint())) {
            Eventually.await("the connection accepted", WAIT, () -> server.connectionCount() == 1);
            if (server.transportName().equals("epoll")) {
                // Accepted, registered and waiting: no turn has run, and none runs without input.
                assertThat(relay.turns).isEmpty();
            }
            client.send("first");
            assertThat(read(client.input(), 5)).isEqualTo("first");
            client.send("second");
            assertThat(read(client.input(), 6)).isEqualTo("second");
            assertThat(relay.turns).isNotEmpty();
        }
    }

    @Test
    void onInputServesClientsWhoseBytesArriveWithTheirConnection() throws Exception {
        Relay relay = new Relay();
        try (Server server = start(ConnectionHandler.onInput(relay))) {
            // Sent at once after connecting: some of them are in the socket before it is accepted.
            List<Connection> clients = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    Connection c = Client.connect(server.endpoint());
                    clients.add(c);
                    c.send("client " + (100 + i));
                }
                for (int i = 0; i < clients.size(); i++) {
                    assertThat(read(clients.get(i).input(), 10)).isEqualTo("client " + (100 + i));
                }
            } finally {
                for (Connection c : clients) {
                    c.close();
                }
            }
            Eventually.await("every connection closed", WAIT, () -> server.connectionCount() == 0);
        }
    }

    @Test
    void aStopEndsConnectionsThatNeverSentAByte() throws Exception {
        Server server = start(ConnectionHandler.onInput(new Relay()));
        try (Connection quiet = Client.connect(server.endpoint())) {
            Eventually.await("the connection accepted", WAIT, () -> server.connectionCount() == 1);
            ShutdownResult result = server.stop(Duration.ofSeconds(30));
            assertThat(result.graceful()).isTrue();
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(30));
            assertThat(quiet.input().read()).isEqualTo(-1);
        }
    }

    @Test
    void onInputNeedsAHandler() {
        assertThatThrownBy(() -> ConnectionHandler.onInput(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("handler");
    }

    @Test
    void aClientConnectionHasNoServerToResumeIt() throws Exception {
        try (Server server = start(new Relay());
             Connection client = Client.connect(server.endpoint())) {
            assertThatThrownBy(() -> client.resumeOnInput(c -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no server runs");
        }
    }
}
