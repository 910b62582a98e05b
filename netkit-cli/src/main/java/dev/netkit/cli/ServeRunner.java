package dev.netkit.cli;

import dev.netkit.ConnectionHandler;
import dev.netkit.Server;
import dev.netkit.ShutdownResult;
import dev.netkit.udp.DatagramHandler;
import dev.netkit.udp.UdpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
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
        return run(terminal, listen, tls, name, defaultPort, handler, () -> { });
    }

    /** As above, closing {@code afterStop} once the server has stopped, before the process exits. */
    static int run(Terminal terminal, ListenOptions listen, TlsServeOptions tls, String name, int defaultPort,
                   ConnectionHandler handler, AutoCloseable afterStop) throws IOException, InterruptedException {
        return runUntilStopped(terminal, listen, name, () -> {
            Server.Builder builder = tls.configure(listen.configure(Server.builder(), defaultPort));
            Server server = builder.name(name).handler(handler).start();
            return new Running(grace -> {
                ShutdownResult result = server.stop(grace);
                try {
                    afterStop.close();
                } catch (Exception e) {
                    System.getLogger("dev.netkit.cli").log(System.Logger.Level.WARNING, name + ": " + e);
                }
                return result;
            }, server::awaitStop);
        });
    }

    /** Serves {@code handler} over UDP until stopped. */
    static int runUdp(Terminal terminal, ListenOptions listen, String name, int defaultPort,
                      DatagramHandler handler) throws IOException, InterruptedException {
        return runUntilStopped(terminal, listen, name, () -> {
            InetSocketAddress address = listen.inetAddress(defaultPort);
            UdpServer server = UdpServer.builder().bind(address).name(name).handler(handler).start();
            if (!address.isUnresolved() && !address.getAddress().isLoopbackAddress()) {
                System.getLogger("dev.netkit.cli").log(System.Logger.Level.WARNING, name + " is reachable from the network:"
                        + " it answers any sender address, forged ones too, so it can be used to flood others");
            }
            return new Running(server::stop, server::awaitStop);
        });
    }

    /** A started server of either kind: how to stop it and how to wait for it. */
    private record Running(Function<Duration, ShutdownResult> stop, Waiter awaitStop) {
    }

    private interface Waiter {
        void await() throws InterruptedException;
    }

    private interface Starter {
        Running start() throws IOException;
    }

    private static int runUntilStopped(Terminal terminal, ListenOptions listen, String name, Starter starter)
            throws IOException, InterruptedException {
        CliLogging.configure(terminal.err(), listen.verbose);
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
                server.stop().apply(listen.grace);
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
