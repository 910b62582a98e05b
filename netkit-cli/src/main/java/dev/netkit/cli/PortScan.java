package dev.netkit.cli;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Failures;
import dev.netkit.ProxyRefusedException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * {@code connect -z}: whether anything answers on each port, as {@code nc -z} tells it. Each port
 * gets a connection that is closed at once (with TLS, after the handshake), at most
 * {@link #IN_FLIGHT} at a time, each bounded by the connect timeout. The ports are reported in the
 * order given, in {@code nc -zv}'s words: an open port on standard output, with {@code -v} a
 * closed one on standard error.
 *
 * <p>Threads: one virtual thread per port, a semaphore bounding how many connect at once; the
 * calling thread reports.
 */
final class PortScan {

    /** How many ports are tried at once. */
    static final int IN_FLIGHT = 64;

    private final Client.Builder client;
    private final String host;
    private final ServiceNames services;

    PortScan(Client.Builder client, String host, ServiceNames services) {
        this.client = client;
        this.host = host;
        this.services = services;
    }

    /**
     * Tries every port and reports each.
     *
     * @param ports the ports, in the order to report them
     * @param out where open ports are reported
     * @param err where closed ports are reported, when {@code verbose}
     * @param verbose whether to report closed ports
     * @return how many ports answered
     */
    int run(PortList ports, PrintStream out, PrintStream err, boolean verbose) {
        List<Integer> list = ports.ports();
        List<CompletableFuture<String>> outcomes = list.stream().map(port -> new CompletableFuture<String>()).toList();
        int open = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // A thread is started only once a permit is free, so a range of 65,535 ports holds 64 threads, not 65,535.
            threads.execute(() -> {
                Semaphore inFlight = new Semaphore(IN_FLIGHT);
                for (int i = 0; i < list.size(); i++) {
                    inFlight.acquireUninterruptibly();
                    int index = i;
                    threads.execute(() -> {
                        try {
                            outcomes.get(index).complete(probe(list.get(index)));
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            });
            for (int i = 0; i < list.size(); i++) {
                String failure = outcomes.get(i).join();
                int port = list.get(i);
                if (failure == null) {
                    open++;
                    out.println("Connection to " + host + " " + port + " port [tcp/" + services.name(port) + "] succeeded!");
                } else if (verbose) {
                    err.println("netkit: connect to " + host + " port " + port + " (tcp) failed: " + failure);
                }
            }
        }
        return open;
    }

    /** Null when the port answered, else why not in one line. */
    private String probe(int port) {
        try (Connection conn = client.connect(Endpoint.tcp(host, port))) {
            return null;
        } catch (IOException | RuntimeException e) {
            return reason(e);
        }
    }

    /** The reason alone, as nc words it, since the report line names the address already. */
    private static String reason(Exception e) {
        return switch (e) {
            case ProxyRefusedException refused -> Failures.describe(refused);
            case ConnectException refused -> "Connection refused";
            case SocketTimeoutException timedOut -> "Operation timed out";
            default -> Failures.describe(e);
        };
    }
}
