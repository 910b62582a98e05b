package dev.netkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.netkit.testing.Sockets.readLine;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link Connection#onStop}: a handler blocked in a read hears of the stop before the grace period runs out. */
class StopNoticeTest {

    @Test
    void everyConnectionIsToldBeforeTheGracePeriod() throws Exception {
        int clients = 3;
        CountDownLatch registered = new CountDownLatch(clients);
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> {
            c.onStop(self -> self.send("server restarting\n"));
            registered.countDown();
            for (String line : c.lines()) {
                c.send("echo " + line + "\n");
            }
        }).start();
        Connection[] connections = new Connection[clients];
        try {
            for (int i = 0; i < clients; i++) {
                connections[i] = Client.connect(server.endpoint());
            }
            assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread stopper = Thread.ofVirtual().start(() -> server.stop(Duration.ofSeconds(30)));
            for (Connection c : connections) {
                assertThat(readLine(c.input())).isEqualTo("server restarting");
            }
            // Told, the clients leave by themselves, and the stop is graceful long before its deadline.
            for (Connection c : connections) {
                c.close();
            }
            stopper.join(Duration.ofSeconds(10));
            assertThat(stopper.isAlive()).isFalse();
            assertThat(server.stop(Duration.ZERO).graceful()).isTrue();
        } finally {
            server.stop(Duration.ZERO);
        }
    }

    @Test
    void anActionAddedDuringTheStopRunsAtOnce() throws Exception {
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> {
            stopping.await(10, TimeUnit.SECONDS);
            c.onStop(self -> ran.countDown());
            c.input().readAllBytes(); // open until the client goes: a connection that has ended is not told
        }).start();
        try (Connection c = Client.connect(server.endpoint())) {
            awaitOneConnection(server);
            Thread stopper = Thread.ofVirtual().start(() -> server.stop(Duration.ofSeconds(10)));
            dev.netkit.testing.Eventually.await("the stop has begun", Duration.ofSeconds(10), () -> {
                try {
                    // A stopped listener refuses new connections.
                    Client.builder().timeout(Duration.ofMillis(200)).connect(server.endpoint()).close();
                    return false;
                } catch (IOException e) {
                    return true;
                }
            });
            stopping.countDown();
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            stopper.join(Duration.ofSeconds(10));
        }
    }

    private static void awaitOneConnection(Server server) {
        dev.netkit.testing.Eventually.await("one connection", Duration.ofSeconds(10), () -> server.connectionCount() == 1);
    }

    @Test
    void aClientsConnectionIgnoresIt() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> { }).start();
             Connection c = Client.connect(server.endpoint())) {
            c.onStop(self -> {
                throw new AssertionError("a client's connection has no server to stop");
            });
        }
    }

}
