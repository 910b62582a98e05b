package dev.netkit.cli;

import dev.netkit.ConnectionHandler;
import dev.netkit.Server;

import java.io.IOException;

/** Starts a service, then waits for Ctrl-C or SIGTERM and stops it gracefully. */
final class ServeRunner {

    private ServeRunner() {
    }

    static int run(Terminal terminal, ListenOptions listen, String name, int defaultPort,
                   ConnectionHandler handler) throws IOException, InterruptedException {
        CliLogging.configure(terminal.err(), listen.verbose);
        Server server = listen.configure(Server.builder(), defaultPort).name(name).handler(handler).start();
        Thread hook = new Thread(() -> {
            server.stop(listen.grace);
            terminal.err().flush();
            // The JVM would report death by signal (130/143); a requested stop is a success.
            Runtime.getRuntime().halt(ExitCode.OK);
        }, name + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        server.awaitStop();
        return ExitCode.OK;
    }
}
