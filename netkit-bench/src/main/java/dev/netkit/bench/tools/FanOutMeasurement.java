package dev.netkit.bench.tools;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.group.ConnectionGroup;
import dev.netkit.group.GroupStats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A rough fan-out figure, not a benchmark suite: messages delivered per second from one
 * broadcasting thread ({@link ConnectionGroup#broadcast(byte[])}) to N members on loopback,
 * clients and server in this one process (so they share the CPUs). Broadcasts go in rounds of
 * {@code window} messages, each round waiting until every member has read it, so no member is
 * ever slow and the figure is the steady-state rate.
 *
 * <pre>
 * ./mvnw -q -DskipTests package -pl netkit-bench -am
 * java -cp 'netkit-bench/target/netkit-bench.jar:netkit-bench/target/lib/*' dev.netkit.bench.tools.FanOutMeasurement [members [messages [bytes]]]
 * </pre>
 */
public final class FanOutMeasurement {

    private FanOutMeasurement() {
    }

    /**
     * Measures and prints one line.
     *
     * @param args members (default 1,000), messages (default 2,000), bytes per message (default 64)
     * @throws Exception when the measurement fails
     */
    public static void main(String... args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int window = 200;
        ConnectionGroup group = ConnectionGroup.builder().name("fanout").build();
        LongAdder received = new LongAdder();
        List<Connection> clients = new ArrayList<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    group.join(c);
                    c.input().transferTo(OutputStream.nullOutputStream());
                })
                .start()) {
            for (int i = 0; i < members; i++) {
                Connection c = Client.builder().timeout(Duration.ofSeconds(10)).connect(server.endpoint());
                clients.add(c);
                Thread.ofVirtual().start(() -> countLines(c.input(), received));
            }
            while (group.members() < members) {
                LockSupport.parkNanos(1_000_000);
            }
            byte[] payload = ("x".repeat(size - 1) + "\n").getBytes();
            run(group, payload, window * 5, window, received, members);   // warm-up
            long before = received.sum();
            long start = System.nanoTime();
            run(group, payload, messages, window, received, members);
            double seconds = (System.nanoTime() - start) / 1e9;
            long delivered = received.sum() - before;
            GroupStats stats = group.stats();
            System.out.printf(Locale.ROOT, "%d members, %d messages of %d B: %d deliveries in %.2f s = %.0f messages/s "
                            + "(%.1f MB/s); disconnected %d, dropped %d%n", members, messages, size, delivered, seconds,
                    delivered / seconds, delivered * (double) size / seconds / 1e6, stats.disconnectedSlow(),
                    stats.dropped());
            clients.forEach(Connection::close);
        }
    }

    private static void run(ConnectionGroup group, byte[] payload, int messages, int window, LongAdder received,
                            int members) {
        long target = received.sum();
        for (int sent = 0; sent < messages; sent += window) {
            int n = Math.min(window, messages - sent);
            for (int i = 0; i < n; i++) {
                group.broadcast(payload);
            }
            target += (long) n * members;
            while (received.sum() < target) {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    private static void countLines(InputStream in, LongAdder received) {
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int lines = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                received.add(lines);
            }
        } catch (IOException e) {
            // closed at the end of the run
        }
    }
}
