package dev.netkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static dev.netkit.testing.Sockets.readLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code reusePort}: a new server binds the port of one still running, and the old one stops,
 * under a steady stream of connects; no connect is refused. A connection that the kernel put in
 * the old listener's accept queue in the instant it closed is reset by Linux (unless
 * {@code net.ipv4.tcp_migrate_req} is on): at most {@link #RESET_AT_CLOSE} such, counted apart.
 */
class RollingRestartTest {

    private static final int ATTEMPTS = 300;
    private static final Duration PACE = Duration.ofMillis(5);
    static final int RESET_AT_CLOSE = 2;

    private static Server greeter(String name, int port) throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", port)).reusePort(true).name(name)
                .handler(c -> c.send(name + "\n")).start();
    }

    @Test
    void aRestartUnderLoadRefusesNoConnection() throws Exception {
        Server old = greeter("old", 0);
        int port = old.port();
        Counts counts = new Counts();
        Thread load = Thread.ofPlatform().name("connects").start(() -> {
            for (int i = 0; i < ATTEMPTS; i++) {
                counts.attempt(port);
                LockSupport.parkNanos(PACE.toNanos());
            }
        });
        Server next = null;
        try {
            counts.awaitServed("old", 50);
            next = greeter("new", port);
            counts.awaitServed("new", 10);
            assertThat(old.stop(Duration.ofSeconds(5)).graceful()).isTrue();
            load.join(Duration.ofSeconds(60));
            assertThat(load.isAlive()).as("the connects finished").isFalse();
        } finally {
            old.stop(Duration.ZERO);
            if (next != null) {
                next.stop(Duration.ZERO);
            }
        }
        assertThat(counts.refused).as("refused connects; served " + counts.served + ", lost after connecting "
                + counts.lost).hasValue(0);
        assertThat(counts.lost.get()).as("connections reset before their greeting (queued at the old listener as it"
                + " closed)").isLessThanOrEqualTo(RESET_AT_CLOSE);
        assertThat(counts.served.get("new").get()).as("served by the new server after the old one stopped")
                .isGreaterThan(50);
        assertThat(counts.served.values().stream().mapToInt(AtomicInteger::get).sum() + counts.lost.get())
                .isEqualTo(ATTEMPTS);
    }

    @Test
    void withoutReusePortTheSecondBindFails() throws Exception {
        try (Server first = greeter("first", 0)) {
            assertThatThrownBy(() -> Server.builder().listen(Endpoint.tcp("127.0.0.1", first.port()))
                    .handler(c -> { }).start()).isInstanceOf(IOException.class);
        }
    }

    /** What became of each connect. */
    private static final class Counts {
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();
        final ConcurrentHashMap<String, AtomicInteger> served = new ConcurrentHashMap<>();

        void attempt(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(5000);
                String name = readLine(s.getInputStream());
                if (name.isEmpty()) {
                    lost.incrementAndGet();
                } else {
                    served.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                }
            } catch (ConnectException e) {
                refused.incrementAndGet();
            } catch (IOException e) {
                lost.incrementAndGet();
            }
        }

        void awaitServed(String name, int atLeast) {
            dev.netkit.testing.Eventually.await(atLeast + " connections served by " + name, Duration.ofSeconds(30),
                    () -> served.getOrDefault(name, new AtomicInteger()).get() >= atLeast);
        }
    }
}
