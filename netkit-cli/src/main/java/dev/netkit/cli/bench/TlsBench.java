package dev.netkit.cli.bench;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.tls.ClientTls;
import dev.netkit.tls.TlsErrors;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a {@link BenchPlan} over TLS with netkit's own client ({@link Client} and {@link ClientTls}),
 * measured by {@link Bench} like the plain workloads. Ping-pong and stream run on connections that
 * are opened, handshake included, before the load starts; in connect mode every operation is a
 * full handshake. A failed first handshake ends the run with one line saying why.
 *
 * <p>Costlier for the load generator than the plain workloads: one virtual thread per connection
 * (two per stream connection) and the JDK's {@code SSLEngine} on every byte, where the plain ones
 * drive non-blocking sockets from one selector per thread.
 */
public final class TlsBench {

    /** Handshakes in flight at once while a ping-pong or stream run opens its connections. */
    private static final int OPENING_IN_PARALLEL = 32;

    private final BenchPlan plan;
    private final Supplier<ClientTls> clients;
    private final PrintStream progressOut;
    private final Endpoint endpoint;

    /** What a TLS run measured and what its handshakes agreed on. */
    public record Outcome(BenchResult result, NegotiatedTls tls) {
    }

    /**
     * @param clients a new client context for each call: connect mode takes one per handshake, so
     *                no session is ever resumed
     */
    public TlsBench(BenchPlan plan, Supplier<ClientTls> clients, PrintStream progressOut) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.progressOut = Objects.requireNonNull(progressOut, "progressOut");
        this.endpoint = endpoint(plan.target());
        if (plan.mode() == BenchMode.IDLE) {
            throw new IllegalArgumentException("the idle mode does not run over TLS");
        }
    }

    /**
     * Connections to {@code endpoint} that each run a full TLS handshake, timed from the TCP
     * connect to its end, and close (close_notify, then the socket). Every one gets a new client
     * context from {@code clients}, made before the clock starts, so that none can resume an
     * earlier session: the key exchange, the certificate's signature and its verification, each
     * time.
     */
    static ConnectLoad.Attempt fullHandshakes(Endpoint endpoint, Supplier<ClientTls> clients) {
        return index -> {
            ClientTls fresh = clients.get();
            return () -> Client.connect(endpoint, fresh);
        };
    }

    public Outcome run() throws IOException, InterruptedException {
        Bench bench = new Bench(plan, progressOut);
        if (plan.mode() == BenchMode.CONNECT) {
            NegotiatedTls tls;
            try (Connection probe = open(clients.get())) {
                tls = NegotiatedTls.of(probe);
            }
            announce("handshake", tls);
            ConnectLoad load = new ConnectLoad("tls-connect", fullHandshakes(endpoint, clients),
                    plan.connections(), plan.connectRate());
            load.start();
            return new Outcome(bench.measure(List.of(load)), tls);
        }
        long start = System.nanoTime();
        List<Connection> connections = openAll(clients.get());
        NegotiatedTls tls = NegotiatedTls.of(connections.getFirst());
        announce(String.format(Locale.ROOT, "%,d connections opened in %.2f s", connections.size(),
                (System.nanoTime() - start) / 1e9), tls);
        TlsEchoLoad load = new TlsEchoLoad(plan.mode(), plan.size(), connections);
        load.start();
        return new Outcome(bench.measure(List.of(load)), tls);
    }

    private void announce(String what, NegotiatedTls tls) {
        progressOut.printf(Locale.ROOT, "[ tls ] %s: %s, %s%n", what, tls.protocol(), tls.cipherSuite());
        progressOut.flush();
    }

    /**
     * Opens every connection, at most {@link #OPENING_IN_PARALLEL} handshakes at a time; each is
     * bounded by the connect and handshake timeouts. On the first failure nothing more is opened,
     * what was opened is closed, and the failure is thrown.
     */
    private List<Connection> openAll(ClientTls tls) throws IOException, InterruptedException {
        int n = plan.connections();
        Connection[] opened = new Connection[n];
        AtomicReference<Exception> failure = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(OPENING_IN_PARALLEL);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n && failure.get() == null; i++) {
            int index = i;
            inFlight.acquire();
            threads.add(Thread.ofVirtual().name("netkit-bench-tls-open-" + i).start(() -> {
                try {
                    opened[index] = open(tls);
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

    /** One connection, handshake done; a handshake that fails for no certificate reason says so. */
    private Connection open(ClientTls tls) throws IOException {
        try {
            return Client.connect(endpoint, tls);
        } catch (SSLException e) {
            TlsErrors.Reason reason = TlsErrors.reason(e);
            if (reason == TlsErrors.Reason.HANDSHAKE_FAILED || reason == TlsErrors.Reason.OTHER) {
                // Most often a plain server: it echoes the ClientHello or answers in clear text.
                throw new IOException("no TLS handshake with " + endpoint + " (is it a TLS server?): "
                        + TlsErrors.describe(e), e);
            }
            throw e;
        }
    }

    /** netkit's endpoint for the plan's target: the host name as given, so that it is the one verified. */
    static Endpoint endpoint(SocketAddress target) {
        return switch (target) {
            case InetSocketAddress inet -> Endpoint.tcp(inet.getHostString(), inet.getPort());
            case UnixDomainSocketAddress unix -> Endpoint.unix(unix.getPath());
            default -> throw new IllegalArgumentException("not a TCP or Unix socket address: " + target);
        };
    }
}
