package dev.netkit.epoll;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 connections opened and closed in bursts, some reset by the peer while the other side is
 * blocked in a read, leave the process's descriptor count where it started, but for the empty
 * pipes that splice relays keep for reuse ({@link Pipes#kept()}). Isolated: other test classes
 * running at the same time would move the count.
 */
@Isolated
class FdHygieneTest {

    private static final int CONNECTIONS = 10_000;
    private static final int BURST = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void tenThousandConnectionsLeaveNoDescriptorBehind(@TempDir Path dir) throws Exception {
        AtomicInteger served = new AtomicInteger();
        try (Server tcp = echoServer(Endpoint.tcp("127.0.0.1", 0), served);
             Server unix = echoServer(Endpoint.unix(dir.resolve("fd.sock")), served);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            int before = settledDescriptors();
            AtomicInteger failures = new AtomicInteger();
            for (int start = 0; start < CONNECTIONS; start += BURST) {
                List<CompletableFuture<Void>> burst = new ArrayList<>();
                for (int i = start; i < start + BURST; i++) {
                    int n = i;
                    Endpoint endpoint = (n % 5 == 4 ? unix : tcp).endpoint();
                    burst.add(CompletableFuture.runAsync(() -> {
                        try {
                            oneConnection(endpoint, n);
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        }
                    }, clients));
                }
                CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            assertThat(failures).hasValue(0);
            // A server counts a connection until its handler has returned, just after the close.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tcp.connectionCount() + unix.connectionCount() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            assertThat(tcp.connectionCount() + unix.connectionCount()).isZero();
            assertThat(awaitDescriptors(() -> before)).isEqualTo(before);
            assertThat(served).hasValue(CONNECTIONS);
        }
    }

    @Test
    void closesRacingReadsAndWritesNeitherHangNorLeak() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).transport(TransportType.EPOLL)
                .handler(c -> c.input().transferTo(c.output()))
                .start();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            int before = settledDescriptors();
            int keptBefore = Pipes.kept();
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            for (int round = 0; round < 20; round++) {
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    Connection conn = Client.builder().timeout(TIMEOUT).transport(TransportType.EPOLL).connect(server.endpoint());
                    long delayNanos = random.nextLong(2_000_000);
                    boolean abort = random.nextBoolean();
                    // A writer and a reader busy on the connection while a third thread closes it.
                    all.add(CompletableFuture.runAsync(() -> {
                        byte[] chunk = new byte[4096];
                        try {
                            while (true) {
                                conn.send(chunk);
                            }
                        } catch (IOException expected) {
                            // closed under us: what this test is about
                        }
                    }, threads));
                    all.add(CompletableFuture.runAsync(() -> {
                        try {
                            conn.input().transferTo(java.io.OutputStream.nullOutputStream());
                        } catch (IOException expected) {
                            // closed under us
                        }
                    }, threads));
                    all.add(CompletableFuture.runAsync(() -> {
                        java.util.concurrent.locks.LockSupport.parkNanos(delayNanos);
                        if (abort) {
                            conn.abort();
                        } else {
                            conn.close();
                        }
                    }, threads));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
            // Streams that ran long enough spliced: their pipes may wait in the pool, the rest are closed.
            IntSupplier expected = () -> before + 2 * (Pipes.kept() - keptBefore);
            assertThat(awaitDescriptors(expected)).isEqualTo(expected.getAsInt());
        }
    }

    /** One client: an echo exchange, then a graceful close, a reset mid-read, or a half-close. */
    private static void oneConnection(Endpoint endpoint, int n) throws IOException {
        Connection conn = Client.builder().timeout(TIMEOUT).transport(TransportType.EPOLL).connect(endpoint);
        try {
            conn.send("ping " + n + "\n");
            InputStream in = conn.input();
            byte[] reply = in.readNBytes(("ping " + n + "\n").length());
            assertThat(new String(reply)).isEqualTo("ping " + n + "\n");
            switch (n % 3) {
                // The server's handler is blocked reading: it sees a reset.
                case 0 -> conn.abort();
                // The server reads end of stream, ends its side, and we read end of stream.
                case 1 -> {
                    conn.shutdownOutput();
                    assertThat(in.read()).isEqualTo(-1);
                    conn.close();
                }
                default -> conn.close();
            }
        } finally {
            conn.close();
        }
    }

    private static Server echoServer(Endpoint endpoint, AtomicInteger served) throws IOException {
        return Server.builder().listen(endpoint).transport(TransportType.EPOLL)
                .handler(c -> {
                    served.incrementAndGet();
                    c.input().transferTo(c.output());
                })
                .start();
    }

    /** Waits (bounded) until the descriptor count stops changing between two looks. */
    private static int settledDescriptors() throws Exception {
        int count = descriptors();
        for (int i = 0; i < 200; i++) {
            Thread.sleep(50);
            int now = descriptors();
            if (now == count) {
                return now;
            }
            count = now;
        }
        return count;
    }

    /** Waits (bounded) until the descriptor count is the expected one, and returns the last count. */
    private static int awaitDescriptors(IntSupplier expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int count = descriptors();
        while (count != expected.getAsInt() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            count = descriptors();
        }
        return count;
    }

    private static int descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }
}
