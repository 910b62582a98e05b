package dev.netkit;

import dev.netkit.testing.Eventually;
import dev.netkit.testing.Inbox;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ServerStatsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void countsConnectionsAndTheBytesOfOpenAndClosedOnes() throws Exception {
        try (Server server = echoServer(Server.builder())) {
            try (Connection c = Client.connect(server.endpoint())) {
                Inbox inbox = new Inbox(c);
                c.send("hello\n");
                assertThat(inbox.next()).isEqualTo("hello");
                ServerStats open = server.stats();
                assertThat(open.accepted()).isEqualTo(1);
                assertThat(open.open()).isEqualTo(1);
                assertThat(open.bytesIn()).isEqualTo(6);
                assertThat(open.bytesOut()).isEqualTo(6);
            }
            Eventually.await("the connection to close", WAIT, () -> server.stats().open() == 0);
            ServerStats closed = server.stats();
            assertThat(closed.accepted()).isEqualTo(1);
            assertThat(closed.bytesIn()).isEqualTo(6);
            assertThat(closed.bytesOut()).isEqualTo(6);
            assertThat(closed.idleTimeouts()).isZero();
            assertThat(closed.handlerFailures()).isZero();
            assertThat(closed.refused()).isZero();
            assertThat(closed.tlsHandshakes()).isZero();
            assertThat(closed.tlsHandshakeFailures()).isEmpty();
        }
    }

    @Test
    void countsIdleTimeoutsOncePerConnection() throws Exception {
        try (Server server = echoServer(Server.builder().idleTimeout(Duration.ofMillis(150)));
             Connection c = Client.connect(server.endpoint())) {
            Inbox inbox = new Inbox(c);
            inbox.awaitEnd();
            Eventually.await("the idle connection to be closed", WAIT, () -> server.stats().open() == 0);
            Thread.sleep(400); // several sweeps after the close: still one
            assertThat(server.stats().idleTimeouts()).isEqualTo(1);
        }
    }

    @Test
    void countsHandlersThatFailButNotPeersThatGoAway() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    String line = c.lines().iterator().next();
                    if (line.equals("fail")) {
                        throw new IllegalStateException("a bug in the handler");
                    }
                    c.input().read(); // until the peer goes
                }).start()) {
            for (String first : new String[] {"fail", "fine"}) {
                try (Connection c = Client.connect(server.endpoint())) {
                    c.send(first + "\n");
                    if (first.equals("fail")) {
                        new Inbox(c).awaitEnd();
                    }
                }
            }
            Eventually.await("both connections to close", WAIT, () -> server.stats().open() == 0
                    && server.stats().accepted() == 2);
            assertThat(server.stats().handlerFailures()).isEqualTo(1);
        }
    }

    @Test
    void countsListenersWaitingAtTheCapAndConnectionsForcedAtStop() throws Exception {
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).maxConnections(1)
                .handler(c -> {
                    c.send("busy\n");
                    Thread.sleep(Duration.ofMinutes(1)); // ignores its peer: only a forced stop ends it
                }).start();
        try (Connection c = Client.connect(server.endpoint());
             Socket waiting = new Socket()) {
            assertThat(new Inbox(c).next()).isEqualTo("busy");
            waiting.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            Eventually.await("the listener to wait for a permit", WAIT, () -> server.stats().waitingForPermit() == 1);
            assertThat(server.stats().accepted()).isEqualTo(1);
            ShutdownResult result = server.stop(Duration.ofMillis(100));
            assertThat(result.forcedConnections()).isEqualTo(1);
            ServerStats stats = server.stats();
            assertThat(stats.forcedAtStop()).isEqualTo(1);
            assertThat(stats.waitingForPermit()).isZero();
            assertThat(stats.open()).isZero();
        }
    }

    private static Server echoServer(Server.Builder builder) throws Exception {
        return builder.listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    for (String line : c.lines()) {
                        c.send(line + "\n");
                    }
                }).start();
    }
}
