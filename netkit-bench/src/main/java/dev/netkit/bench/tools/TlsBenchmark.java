package dev.netkit.bench.tools;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.tls.ClientTls;
import dev.netkit.tls.ServerTls;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick measurement, not a benchmark suite: TLS echo throughput over one connection (plain TCP
 * beside it for reference), handshakes per second from a few concurrent clients, and the heap an
 * idle connection pair takes, plain and over TLS. Client and server run in this one process, so
 * they share the CPUs. The key and certificate are made by {@link SelfSignedKeys} in a temporary
 * directory; clients verify them.
 *
 * <pre>
 * ./mvnw -q -DskipTests package -pl netkit-bench -am
 * java -cp 'netkit-bench/target/netkit-bench.jar:netkit-bench/target/lib/*' dev.netkit.bench.tools.TlsBenchmark
 * </pre>
 */
public final class TlsBenchmark {

    private static final long STREAM_BYTES = 512L * 1024 * 1024;

    private TlsBenchmark() {
    }

    /**
     * Runs the measurements twice, the first time as a warm-up, and prints one line per figure.
     *
     * @param args none
     * @throws Exception when a measurement fails
     */
    public static void main(String[] args) throws Exception {
        SelfSignedKeys keys = SelfSignedKeys.create(Files.createTempDirectory("netkit-tls-bench"));
        for (int round = 0; round < 2; round++) {
            String label = round == 0 ? "warm-up " : "";
            System.out.printf(Locale.ROOT, "%splain TCP echo: %.0f MB/s%n", label, echo(null, null));
            System.out.printf(Locale.ROOT, "%sTLS echo:       %.0f MB/s (%s)%n", label,
                    echo(keys.serverTls(), keys.clientTls()), "TLS 1.3, JDK default suite");
            System.out.printf(Locale.ROOT, "%sTLS handshakes: %.0f /s (4 clients, one shared client context)%n", label,
                    handshakes(keys, 4, Duration.ofSeconds(5)));
        }
        System.out.printf(Locale.ROOT, "idle connection pairs, heap each: plain %.1f KiB, TLS %.1f KiB%n",
                idleHeap(null, null, 1000) / 1024, idleHeap(keys.serverTls(), keys.clientTls(), 1000) / 1024);
    }

    /** An echo server on loopback, over TLS when {@code tls} is not null. */
    private static Server echoServer(ServerTls tls) throws Exception {
        Server.Builder builder = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> c.input().transferTo(c.output()));
        if (tls != null) {
            builder.tls(tls);
        }
        return builder.start();
    }

    private static Connection connect(Server server, ClientTls tls) throws Exception {
        return tls == null ? Client.connect(server.endpoint()) : Client.connect(server.endpoint(), tls);
    }

    /** Heap bytes per open, idle connection pair (server side and client side, after one exchange). */
    private static double idleHeap(ServerTls serverTls, ClientTls clientTls, int count) throws Exception {
        List<Connection> open = new ArrayList<>();
        try (Server server = echoServer(serverTls)) {
            long before = usedHeap();
            for (int i = 0; i < count; i++) {
                Connection conn = connect(server, clientTls);
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
        try (Server server = echoServer(serverTls); Connection conn = connect(server, clientTls)) {
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
    private static double handshakes(SelfSignedKeys keys, int clients, Duration duration) throws Exception {
        try (Server server = echoServer(keys.serverTls())) {
            ClientTls tls = keys.clientTls();
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
