package dev.netkit.cli;

import dev.netkit.ConnectionHandler;
import dev.netkit.services.udp.UdpService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.net.BindException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A {@code serve} subcommand for a classic RFC service, over TCP or with {@code --udp} over UDP:
 * one class, configured per service, so each of them is a line in {@link Main}.
 */
@Command(mixinStandardHelpOptions = true)
final class SimpleServeCommand implements Callable<Integer> {

    private final Terminal terminal;
    private final String name;
    private final int defaultPort;
    private final ConnectionHandler handler;
    private final UdpService datagramForm;

    @Mixin
    ListenOptions listen;

    @Mixin
    TlsServeOptions tls;

    @Mixin
    UdpOption udp;

    @Mixin
    MetricsOption metrics;

    /** A service with a stream form ({@code handler}) and a datagram form ({@code datagramForm}). */
    SimpleServeCommand(Terminal terminal, UdpService datagramForm, ConnectionHandler handler) {
        this.terminal = terminal;
        this.name = datagramForm.serviceName();
        this.defaultPort = datagramForm.standardPort();
        this.handler = handler;
        this.datagramForm = datagramForm;
    }

    String name() {
        return name;
    }

    @Override
    public Integer call() throws Exception {
        try {
            if (udp.udp) {
                return ServeRunner.runUdp(terminal, listen, metrics, name + "-udp", defaultPort, datagramForm.handler());
            }
            return ServeRunner.run(terminal, listen, tls, metrics, name, defaultPort, handler, List.of());
        } catch (BindException e) {
            throw PrivilegedPortHint.explain(e, listen, defaultPort);
        }
    }
}
