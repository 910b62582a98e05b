package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.tls.KeyMaterial;
import dev.netkit.tls.ServerTls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code netkit relay A B}: bytes both ways between two socat-style addresses, half-close passed
 * through. Between two addresses that connect (or a program, standard input and output) it relays
 * once and exits; with a listening address, each peer gets a relay of its own to a new side B
 * until Ctrl-C, except with {@code stdio}, which serves one peer.
 */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = {"Relay bytes both ways between two addresses, like socat: a port forward, a TLS terminator,"
                + " a Unix socket on TCP, a UDP-to-TCP bridge.",
                "Addresses: " + RelayAddressParser.FORMS + ".",
                "tls: takes ,ca=FILE ,servername=NAME ,cert=FILE,key=FILE; udp: and udp-listen: take ,idle-timeout=TIME"
                        + " (default 60s; a bare number is seconds); exec:CMD runs CMD with /bin/sh -c."},
        footer = {"", "Examples:",
                "  netkit relay tls-listen:8443,cert=c.pem,key=k.pem tcp:localhost:8080",
                "                                           a TLS terminator",
                "  netkit relay tcp-listen:8080 unix:/run/app.sock   a Unix socket on TCP",
                "  netkit relay udp-listen:5353 tcp:10.0.0.2:5353    UDP to TCP, per sender",
                "  netkit relay tcp-listen:2222 tcp:example.org:22   a port forward"})
final class RelayCommand implements Callable<Integer>, UsageCheck {

    private final Terminal terminal;

    @Parameters(index = "0", paramLabel = "A", description = "The first address (see above).")
    String first;

    @Parameters(index = "1", paramLabel = "B", description = "The second address.")
    String second;

    @Mixin
    RelayOptions options;

    private RelayAddress a;
    private RelayAddress b;

    RelayCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void check(GivenOptions given) {
        a = parse(first, given);
        b = parse(second, given);
        if (a.listens() && b.listens()) {
            throw given.error("only one of the two addresses may listen ('" + first + "' and '" + second + "' both do)");
        }
        if (a instanceof RelayAddress.Stdio && b instanceof RelayAddress.Stdio) {
            throw given.error("stdio can be only one of the two addresses");
        }
        if ((a instanceof RelayAddress.UdpListen && b instanceof RelayAddress.Stdio)
                || (b instanceof RelayAddress.UdpListen && a instanceof RelayAddress.Stdio)) {
            throw given.error("udp-listen: relays each sender on its own; stdio has room for one (use udp:HOST:PORT)");
        }
    }

    private static RelayAddress parse(String text, GivenOptions given) {
        try {
            return RelayAddressParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw given.error("bad address '" + text + "': " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CliLogging.configure(terminal.err(), options.verbose);
        RelayAddress listening = a.listens() ? a : b.listens() ? b : null;
        if (listening == null) {
            RelayOpener openA = RelayOpener.of(a, terminal, options.transport);
            RelayOpener openB = RelayOpener.of(b, terminal, options.transport);
            try (RelayEnd sideA = openA.open(); RelayEnd sideB = openB.open()) {
                RelayPump.relay(sideA, sideB);
            }
            return ExitCode.OK;
        }
        RelayAddress other = listening == a ? b : a;
        RelayOpener open = RelayOpener.of(other, terminal, options.transport);
        if (listening instanceof RelayAddress.UdpListen udp) {
            InetSocketAddress bind = new InetSocketAddress(udp.host().isEmpty() ? "127.0.0.1" : udp.host(), udp.port());
            return ServeRunner.runUntilStopped(terminal, options.verbose, options.grace, "relay", () -> {
                UdpRelayListener listener = UdpRelayListener.start(bind, udp.idleTimeout(), open);
                return new ServeRunner.Running(listener::stop, listener::awaitStop);
            });
        }
        if (other instanceof RelayAddress.Stdio) {
            return relayOnePeer(listening, open);
        }
        return ServeRunner.runUntilStopped(terminal, options.verbose, options.grace, "relay", () -> {
            Server server = server(listening, open, null).start();
            return new ServeRunner.Running(server::stop, server::awaitStop);
        });
    }

    /** Standard input and output have room for one peer: relay it, then stop listening and exit. */
    private int relayOnePeer(RelayAddress listening, RelayOpener open) throws IOException, InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        try (Server server = server(listening, open, done).maxConnections(1).start()) {
            done.await();
            server.stop(Duration.ZERO);
        }
        return ExitCode.OK;
    }

    /** A server on {@code listening} whose every connection is relayed to a new side from {@code open}. */
    private Server.Builder server(RelayAddress listening, RelayOpener open, CountDownLatch done) {
        Server.Builder builder = Server.builder().name("relay").transport(options.transport)
                .maxConnections(options.maxConnections).idleTimeout(options.idleTimeout())
                .handler(conn -> {
                    try (RelayEnd other = open.open(conn); RelayEnd peer = new RelayEnd.OfConnection(conn)) {
                        RelayPump.relay(peer, other);
                    } finally {
                        if (done != null) {
                            done.countDown();
                        }
                    }
                });
        return switch (listening) {
            case RelayAddress.TcpListen tcp -> builder.listen(Endpoint.tcp(tcp.host(), tcp.port()));
            case RelayAddress.UnixListen unix -> builder.listen(Endpoint.unix(unix.path()));
            case RelayAddress.TlsListen tls -> builder.listen(Endpoint.tcp(tls.host(), tls.port()))
                    .tls(ServerTls.builder(KeyMaterial.fromPem(tls.cert(), tls.key())).build());
            default -> throw new IllegalArgumentException("not a stream listening address: " + listening);
        };
    }
}
