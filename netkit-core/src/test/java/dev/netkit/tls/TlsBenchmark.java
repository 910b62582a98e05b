package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick measurement, not a test: TLS echo throughput over one connection (plain TCP beside it
 * for reference) and handshakes per second from a few concurrent clients. Run its main from the
 * test class path; certificates come from openssl in a temporary directory.
 */
public final class TlsBenchmark {

    private static final int STREAM_BYTES = 512 * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("netkit-tls-bench");
        TestPki pki = TestPki.create(dir);
        for (int round = 0; round < 2; round++) {
            String label = round == 0 ? "warm-up " : "";
            System.out.printf(Locale.ROOT, "%splain TCP echo: %.0f MB/s%n", label, echo(null, null));
            System.out.printf(Locale.ROOT, "%sTLS echo:       %.0f MB/s (%s)%n", label,
                    echo(pki.serverTls(), pki.clientTls()), "TLS 1.3, JDK default suite");
            System.out.printf(Locale.ROOT, "%sTLS handshakes: %.0f /s (4 clients, one shared client context)%n", label,
                    handshakes(pki, 4, Duration.ofSeconds(5)));
        }
        System.out.printf(Locale.ROOT, "idle connection pairs, heap each: plain %.1f KiB, TLS %.1f KiB%n",
                idleHeap(null, null, 1000) / 1024, idleHeap(pki.serverTls(), pki.clientTls(), 1000) / 1024);
    }

    /** Heap bytes per open, idle connection pair (server side and client side, after one exchange). */
    private static double idleHeap(ServerTls serverTls, ClientTls clientTls, int count) throws Exception {
        Server.Builder builder = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> c.input().transferTo(c.output()));
        if (serverTls != null) {
            builder.tls(serverTls);
        }
        java.util.List<Connection> open = new java.util.ArrayList<>();
        try (Server server = builder.start()) {
            long before = usedHeap();
            for (int i = 0; i < count; i++) {
                Connection conn = clientTls == null ? Client.connect(server.endpoint())
                        : Client.connect(server.endpoint(), clientTls);
                conn.send("hello\n");
                conn.input().readNBytes(6);
                open.add(conn);
            }
            long after = usedHeap();
            open.forEach(Connection::close);
            return (after - before) / (double) count;
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** MB/s through an echo server: one thread writes, another reads back. */
    private static double echo(ServerTls serverTls, ClientTls clientTls) throws Exception {
        Server.Builder builder = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> c.input().transferTo(c.output()));
        if (serverTls != null) {
            builder.tls(serverTls);
        }
        try (Server server = builder.start();
             Connection conn = clientTls == null ? Client.connect(server.endpoint())
                     : Client.connect(server.endpoint(), clientTls)) {
            byte[] chunk = new byte[64 * 1024];
            long start = System.nanoTime();
            Thread reader = Thread.ofVirtual().start(() -> {
                byte[] in = new byte[64 * 1024];
                long total = 0;
                try (InputStream input = conn.input()) {
                    int n;
                    while (total < STREAM_BYTES && (n = input.read(in)) > 0) {
                        total += n;
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            OutputStream out = conn.output();
            for (long sent = 0; sent < STREAM_BYTES; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            reader.join(Duration.ofMinutes(2));
            double seconds = (System.nanoTime() - start) / 1e9;
            return STREAM_BYTES / seconds / 1e6;
        }
    }

    /** Connect, one byte there and back, close; as many times as {@code clients} threads manage. */
    private static double handshakes(TestPki pki, int clients, Duration duration) throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(pki.serverTls())
                .handler(c -> c.input().transferTo(c.output())).start()) {
            ClientTls tls = pki.clientTls();
            AtomicLong done = new AtomicLong();
            long end = System.nanoTime() + duration.toNanos();
            Thread[] threads = new Thread[clients];
            for (int i = 0; i < clients; i++) {
                threads[i] = Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        try (Connection conn = Client.connect(server.endpoint(), tls)) {
                            conn.send(new byte[] {1});
                            conn.input().read();
                            done.incrementAndGet();
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }
                });
            }
            for (Thread t : threads) {
                t.join(duration.plusSeconds(30));
            }
            return done.get() / (duration.toNanos() / 1e9);
        }
    }
}
