package dev.netkit.cli;

import dev.netkit.ConnectionHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * A {@code serve} subcommand for a service with no options of its own (the classic RFC services):
 * one class, configured per service, so each of them is a line in {@link Main}.
 */
@Command(mixinStandardHelpOptions = true)
final class SimpleServeCommand implements Callable<Integer> {

    private final Terminal terminal;
    private final String name;
    private final int defaultPort;
    private final ConnectionHandler handler;

    @Mixin
    ListenOptions listen;

    SimpleServeCommand(Terminal terminal, String name, int defaultPort, ConnectionHandler handler) {
        this.terminal = terminal;
        this.name = name;
        this.defaultPort = defaultPort;
        this.handler = handler;
    }

    String name() {
        return name;
    }

    @Override
    public Integer call() throws Exception {
        return ServeRunner.run(terminal, listen, name, defaultPort, handler);
    }
}
