package dev.netkit.cli;

import dev.netkit.services.EchoService;
import dev.netkit.services.udp.UdpService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code netkit serve echo}: Node.js's echo server example, or RFC 862 echo with {@code --raw}. */
@Command(name = "echo", mixinStandardHelpOptions = true,
        description = "Node.js's echo server example (port 8080): 'Echo: <line>' for each line; --raw or --udp for RFC 862.")
final class EchoCommand implements Callable<Integer> {

    private final Terminal terminal;

    @Mixin
    ListenOptions listen;

    @Mixin
    TlsServeOptions tls;

    @Mixin
    MetricsOption metrics;

    @Mixin
    UdpOption udp;

    @Mixin
    LineTimeoutOption lineTimeout;

    @Option(names = "--raw", description = "RFC 862 echo: every byte back, nothing added.")
    boolean raw;

    EchoCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        if (udp.udp) {
            return ServeRunner.runUdp(terminal, listen, metrics, "echo-udp", EchoService.DEFAULT_PORT,
                    UdpService.ECHO.handler());
        }
        return ServeRunner.run(terminal, listen, tls, metrics, raw ? "echo-raw" : "echo", EchoService.DEFAULT_PORT,
                raw ? EchoService.raw() : new EchoService(lineTimeout.lineTimeout), List.of());
    }
}
