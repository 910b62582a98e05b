package dev.netkit.cli;

import dev.netkit.ConnectionHandler;
import dev.netkit.Server;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Starts a service, then waits for Ctrl-C or SIGTERM and stops it gracefully. */
final class ServeRunner {

    private ServeRunner() {
    }

    static int run(Terminal terminal, ListenOptions listen, String name, int defaultPort,
                   ConnectionHandler handler) throws IOException, InterruptedException {
        CliLogging.configure(terminal.err(), listen.verbose);
        AtomicReference<Server> running = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        // The hook is in place before the server listens, so a signal right after the
        // "listening" line still stops it gracefully.
        Thread hook = new Thread(() -> {
            try {
                started.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Server server = running.get();
            if (server != null) {
                server.stop(listen.grace);
            }
            terminal.err().flush();
            // The JVM would report death by signal (130/143); a requested stop is a success.
            Runtime.getRuntime().halt(ExitCode.OK);
        }, name + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Server server = null;
        try {
            server = listen.configure(Server.builder(), defaultPort).name(name).handler(handler).start();
        } catch (IOException | RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        } finally {
            running.set(server);
            started.countDown();
        }
        server.awaitStop();
        return ExitCode.OK;
    }
}
