package dev.netkit.bench;

import dev.netkit.Connection;
import dev.netkit.tls.ClientTls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a plan over TLS with netkit's own client, measured like the plain workloads. Ping-pong and
 * stream run on connections that are opened, handshake included, before the load starts; in
 * connect mode every operation is a full handshake; idle mode opens them the same way, then holds
 * them ({@link TlsIdleLoad}). A failed first handshake ends the run with
 * one line saying why.
 *
 * <p>Costlier for the load generator than the plain workloads: one virtual thread per connection
 * (two per stream connection) and the JDK's {@code SSLEngine} on every byte, where the plain ones
 * drive non-blocking sockets from one selector per thread.
 */
final class TlsBench {

    /** Handshakes in flight at once while a ping-pong or stream run opens its connections. */
    private static final int OPENING_IN_PARALLEL = 32;

    private final BenchPlan plan;
    private final Connector connector;
    private final Supplier<ClientTls> clients;
    private final Progress progress;

    TlsBench(BenchPlan plan, Connector connector, Supplier<ClientTls> clients, Progress progress) {
        this.plan = plan;
        this.connector = connector;
        this.clients = clients;
        this.progress = progress;
    }

    BenchResult run() throws IOException, InterruptedException {
        if (plan.mode() == BenchMode.IDLE) {
            return TlsIdleLoad.run(plan, count -> openAll(clients.get(), count), progress);
        }
        if (plan.mode() == BenchMode.CONNECT) {
            NegotiatedTls tls;
            try (Connection probe = connector.openTls(clients.get())) {
                tls = NegotiatedTls.of(probe);
            }
            progress.tls("handshake", tls);
            return Bench.measure(plan, new ConnectLoad("tls-connect", ConnectLoad.fullHandshakes(connector, clients),
                    plan.connections(), plan.connectRate()), progress, Optional.of(tls));
        }
        long start = System.nanoTime();
        List<Connection> connections = openAll(clients.get(), plan.connections());
        NegotiatedTls tls = NegotiatedTls.of(connections.getFirst());
        progress.tls(String.format(Locale.ROOT, "%,d connections opened in %.2f s", connections.size(),
                (System.nanoTime() - start) / 1e9), tls);
        return Bench.measure(plan, new TlsEchoLoad(plan.mode(), plan.size(), connections), progress, Optional.of(tls));
    }

    /**
     * Opens {@code n} connections, at most {@link #OPENING_IN_PARALLEL} handshakes at a time; each is
     * bounded by the connect and handshake timeouts. On the first failure nothing more is opened,
     * what was opened is closed, and the failure is thrown.
     */
    private List<Connection> openAll(ClientTls tls, int n) throws IOException, InterruptedException {
        Connection[] opened = new Connection[n];
        AtomicReference<Exception> failure = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(OPENING_IN_PARALLEL);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n && failure.get() == null; i++) {
            int index = i;
            inFlight.acquire();
            threads.add(Thread.ofVirtual().name("netkit-bench-tls-open-" + i).start(() -> {
                try {
                    opened[index] = connector.openTls(tls);
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        Exception e = failure.get();
        if (e == null) {
            return List.of(opened);
        }
        for (Connection c : opened) {
            if (c != null) {
                c.close();
            }
        }
        if (e instanceof IOException io) {
            throw io;
        }
        throw (RuntimeException) e;
    }
}
