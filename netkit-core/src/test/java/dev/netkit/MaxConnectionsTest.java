package dev.netkit;

import dev.netkit.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Isolated: it counts the process's file descriptors, which parallel tests would disturb. */
@Isolated
class MaxConnectionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void withACapOfTenTwentyClientsAreServedTenAtATimeAndNoDescriptorLeaks() throws Exception {
        long before = Eventually.openDescriptors();
        assertThat(before).as("descriptors of this process (/proc/self/fd)").isPositive();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .maxConnections(10)
                .handler(c -> {
                    peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    try {
                        c.send("welcome\n");
                        c.input().read(); // until the client closes
                    } finally {
                        concurrent.decrementAndGet();
                    }
                }).start();
        List<Connection> clients = new ArrayList<>();
        List<CompletableFuture<String>> greetings = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                // Every connect succeeds: the ten over the cap wait in the listen backlog.
                Connection c = Client.builder().timeout(WAIT).connect(server.endpoint());
                clients.add(c);
                greetings.add(CompletableFuture.supplyAsync(() -> ServerBehaviourTest.readLine(c), readers));
            }
            Eventually.await("ten greetings", WAIT, () -> greetings.stream().filter(CompletableFuture::isDone).count() == 10);
            assertThat(server.connectionCount()).isEqualTo(10);
            List<Connection> served = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                if (greetings.get(i).isDone()) {
                    assertThat(greetings.get(i).get()).isEqualTo("welcome");
                    served.add(clients.get(i));
                }
            }
            served.forEach(Connection::close);
            for (CompletableFuture<String> g : greetings) {
                assertThat(g.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("welcome");
            }
            assertThat(peak.get()).isEqualTo(10);
            clients.forEach(Connection::close);
        }
        Eventually.await("all connections to end", WAIT, () -> server.connectionCount() == 0);
        assertThat(server.stop(WAIT).graceful()).isTrue();
        Eventually.await("descriptors back to " + before, WAIT, () -> Eventually.openDescriptors() <= before);
    }
}
