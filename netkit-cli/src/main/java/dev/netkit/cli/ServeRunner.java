package dev.netkit.cli;

import dev.netkit.ConnectionHandler;
import dev.netkit.Server;
import dev.netkit.ShutdownResult;
import dev.netkit.group.ConnectionGroup;
import dev.netkit.udp.DatagramHandler;
import dev.netkit.udp.UdpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Starts a service, then waits for Ctrl-C or SIGTERM and stops it gracefully. */
final class ServeRunner {

    private ServeRunner() {
    }

    /** Serves {@code handler} over TCP or a Unix socket, with TLS if asked, until stopped. */
    static int run(Terminal terminal, ListenOptions listen, TlsServeOptions tls, String name, int defaultPort,
                   ConnectionHandler handler) throws IOException, InterruptedException {
        return run(terminal, listen, tls, new MetricsOption(), name, defaultPort, handler, List.of(), () -> { });
    }

    /** As above, with the server's and {@code groups}' metrics served when {@code --metrics} asks. */
    static int run(Terminal terminal, ListenOptions listen, TlsServeOptions tls, MetricsOption metrics, String name,
                   int defaultPort, ConnectionHandler handler, List<ConnectionGroup> groups)
            throws IOException, InterruptedException {
        return run(terminal, listen, tls, metrics, name, defaultPort, handler, groups, () -> { });
    }

    /** As above, closing {@code afterStop} once the server has stopped, before the process exits. */
    static int run(Terminal terminal, ListenOptions listen, TlsServeOptions tls, MetricsOption metrics, String name,
                   int defaultPort, ConnectionHandler handler, List<ConnectionGroup> groups, AutoCloseable afterStop)
            throws IOException, InterruptedException {
        return runUntilStopped(terminal, listen, name, () -> {
            Server.Builder builder = tls.configure(listen.configure(Server.builder(), defaultPort));
            Server server = builder.name(name).handler(handler).start();
            tls.watch(server);
            AutoCloseable served = startOrStop(() -> metrics.start(name, server, groups), server::stop);
            return new Running(withMetrics(grace -> {
                ShutdownResult result = server.stop(grace);
                try {
                    afterStop.close();
                } catch (Exception e) {
                    System.getLogger("dev.netkit.cli").log(System.Logger.Level.WARNING, name + ": " + e);
                }
                return result;
            }, served), server::awaitStop);
        });
    }

    /** Serves {@code handler} over UDP until stopped. */
    static int runUdp(Terminal terminal, ListenOptions listen, String name, int defaultPort,
                      DatagramHandler handler) throws IOException, InterruptedException {
        return runUdp(terminal, listen, new MetricsOption(), name, defaultPort, handler);
    }

    /** As above, with the server's counters served when {@code --metrics} asks. */
    static int runUdp(Terminal terminal, ListenOptions listen, MetricsOption metrics, String name, int defaultPort,
                      DatagramHandler handler) throws IOException, InterruptedException {
        return runUntilStopped(terminal, listen, name, () -> {
            InetSocketAddress address = listen.inetAddress(defaultPort);
            UdpServer server = UdpServer.builder().bind(address).name(name).handler(handler).start();
            if (!address.isUnresolved() && !address.getAddress().isLoopbackAddress()) {
                System.getLogger("dev.netkit.cli").log(System.Logger.Level.WARNING, name + " is reachable from the network:"
                        + " it answers any sender address, forged ones too, so it can be used to flood others");
            }
            AutoCloseable served = startOrStop(() -> metrics.start(name, server), server::stop);
            return new Running(withMetrics(server::stop, served), server::awaitStop);
        });
    }

    /** Starts the metrics of a server that has started; stops the server when they cannot start. */
    private static AutoCloseable startOrStop(MetricsStarter metrics, Function<Duration, ShutdownResult> stop)
            throws IOException {
        try {
            return metrics.start();
        } catch (IOException | RuntimeException e) {
            stop.apply(Duration.ZERO);
            throw e;
        }
    }

    /** Stopping the server stops serving its metrics too. */
    private static Function<Duration, ShutdownResult> withMetrics(Function<Duration, ShutdownResult> stop,
                                                                  AutoCloseable metrics) {
        return grace -> {
            try {
                return stop.apply(grace);
            } finally {
                try {
                    metrics.close();
                } catch (Exception e) {
                    System.getLogger("dev.netkit.cli").log(System.Logger.Level.DEBUG, "closing the metrics endpoint", e);
                }
            }
        };
    }

    private interface MetricsStarter {
        AutoCloseable start() throws IOException;
    }

    /** A started server of either kind: how to stop it and how to wait for it. */
    record Running(Function<Duration, ShutdownResult> stop, Waiter awaitStop) {
    }

    interface Waiter {
        void await() throws InterruptedException;
    }

    interface Starter {
        Running start() throws IOException;
    }

    private static int runUntilStopped(Terminal terminal, ListenOptions listen, String name, Starter starter)
            throws IOException, InterruptedException {
        return runUntilStopped(terminal, listen.verbose, listen.grace, name, starter);
    }

    /** Runs what {@code starter} starts until Ctrl-C or SIGTERM, then stops it within {@code grace}. */
    static int runUntilStopped(Terminal terminal, boolean verbose, Duration grace, String name, Starter starter)
            throws IOException, InterruptedException {
        CliLogging.configure(terminal.err(), verbose);
        AtomicReference<Running> running = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        // The hook is in place before the server listens, so a signal right after the
        // "listening" line still stops it gracefully.
        Thread hook = new Thread(() -> {
            try {
                started.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Running server = running.get();
            if (server != null) {
                server.stop().apply(grace);
                terminal.err().flush();
                // The JVM would report death by signal (130/143); a requested stop is a success.
                Runtime.getRuntime().halt(ExitCode.OK);
            }
        }, name + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Running server = null;
        try {
            server = starter.start();
        } catch (Throwable e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        } finally {
            running.set(server);
            started.countDown();
        }
        server.awaitStop().await();
        return ExitCode.OK;
    }
}
