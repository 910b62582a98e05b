package dev.netkit.cli;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Proxy;
import dev.netkit.TransportType;
import dev.netkit.udp.UdpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code netkit connect HOST PORT}: standard input to the socket, the socket to standard output,
 * byte for byte, each read passed on at once. When standard input ends the output side is
 * half-closed and the command keeps printing until the server closes; then it exits 0. With
 * {@code --idle-timeout}, a connection on which nothing has moved either way for that long is
 * closed, with one line on stderr and exit code 1. It may go through a SOCKS or HTTP proxy
 * ({@link ProxyOptions}), from a chosen source address, with a hex dump of both directions; with
 * {@code -z} it only reports which ports answer ({@link PortScan}); with {@code --udp} to a
 * multicast group or a broadcast address it prints the answers of every member
 * ({@link UdpDestination}).
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Connect and relay standard input and output, like nc.")
final class ConnectCommand implements Callable<Integer>, UsageCheck {

    private static final Duration UDP_WAIT = Duration.ofSeconds(2);

    private final Terminal terminal;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", description = "Host name or address.")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT", converter = PortList.Converter.class,
            description = "TCP port, or UDP port with --udp; with -z, a list or range of ports (20-25,80).")
    PortList port;

    @Option(names = "--unix", paramLabel = "PATH", description = "Connect to a Unix domain socket instead of HOST PORT.")
    Path unix;

    @Option(names = "--timeout", paramLabel = "TIME", converter = DurationConverter.Positive.class,
            description = "Give up connecting after this long (default: 10s); with --udp, how long to wait"
                    + " for replies once standard input has ended (default: 2s).")
    Duration timeout;

    @Option(names = {"-i", "--idle-timeout"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "Close the connection when no data has moved either way for this long, say so on stderr"
                    + " and exit 1 (default: never).")
    Duration idleTimeout;

    @Option(names = "--udp", description = "Send each line of standard input as one datagram; print each datagram received.")
    boolean udp;

    @Option(names = "--crlf", description = "Send line breaks as CRLF.")
    boolean crlf;

    @Option(names = {"-v", "--verbose"}, description = "Say when the connection opens and closes (on stderr); with"
            + " --tls, also the TLS version, cipher suite, server certificate subject and SHA-256 fingerprint;"
            + " with -z, closed ports too.")
    boolean verbose;

    @Mixin
    ClientTlsOptions tls;

    @Mixin
    ProxyOptions proxy;

    @Mixin
    SourceOption source;

    @Mixin
    PortScanOption scan;

    @Mixin
    HexDumpOption hexDump;

    @Mixin
    KeepAliveOption keepAlive;

    @Option(names = "--transport", paramLabel = "NAME", description = "auto, nio or epoll (default: auto).")
    TransportType transport = TransportType.AUTO;

    ConnectCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void check(GivenOptions given) {
        if (unix != null && host != null) {
            throw given.error("--unix and HOST PORT do not go together (a Unix socket has a path, not an address)");
        }
        if (unix == null && port == null) {
            throw given.error(host == null ? "Missing HOST PORT, or --unix PATH" : "Missing PORT");
        }
        given.apart("--udp", "--unix", "UDP runs over IP");
        given.apart("--udp", "--tls", "DTLS is not supported");
        given.apart("--udp", "--crlf", "each line goes as typed, one datagram each");
        given.apart("--udp", "--transport", "UDP always runs on NIO");
        given.apart("--udp", "--idle-timeout", "with --udp, --timeout bounds the wait for replies");
        if (port != null && !port.isSingle() && !scan.scan) {
            throw given.error("PORT must be one port (a list or range is for -z)");
        }
    }

    @Override
    public Integer call() throws IOException {
        if (udp) {
            return datagrams(Endpoint.tcp(host, port.single()));
        }
        Proxy through = proxy.proxy();
        Client.Builder client = Client.builder()
                .timeout(timeout == null ? Client.DEFAULT_CONNECT_TIMEOUT : timeout)
                .transport(transport)
                .tls(tls.tls ? tls.clientTls() : null)
                .proxy(through)
                .source(source.source)
                .keepAlive(keepAlive.keepAlive);
        if (scan.scan) {
            return scanPorts(client);
        }
        Endpoint endpoint = unix != null ? Endpoint.unix(unix) : Endpoint.tcp(host, port.single());
        try (HexDump dump = hexDump.open(); Connection conn = client.connect(endpoint)) {
            if (verbose) {
                terminal.err().println("Connected to " + endpoint + (through == null ? "" : " through " + through)
                        + conn.applicationProtocol().map(p -> " (ALPN protocol " + p + ")").orElse(""));
                conn.tlsSession().ifPresent(session -> TlsSummary.lines(session).forEach(terminal.err()::println));
            }
            StreamRelay.Traffic traffic = dump == null ? StreamRelay.Traffic.NONE : dump;
            IdleTimeout.guard(conn, idleTimeout, () -> StreamRelay.run(conn, terminal.in(), terminal.out(), crlf, traffic));
            if (verbose) {
                terminal.err().println("Connection closed");
            }
        }
        return ExitCode.OK;
    }

    private int scanPorts(Client.Builder client) {
        int open = new PortScan(client, host, ServiceNames.system()).run(port, terminal.out(), terminal.err(), verbose);
        if (open == 0) {
            terminal.err().println("netkit: no port answered at " + host + " (" + port.ports().size() + " tried)");
            return ExitCode.FAILURE;
        }
        return ExitCode.OK;
    }

    private int datagrams(Endpoint.Tcp endpoint) throws IOException {
        InetSocketAddress peer = new InetSocketAddress(endpoint.connectHost(), endpoint.port());
        if (peer.isUnresolved()) {
            throw new UnknownHostException("unknown host: " + endpoint.connectHost());
        }
        UdpDestination destination = UdpDestination.of(peer);
        try (UdpSocket socket = destination.open()) {
            if (verbose) {
                terminal.err().println("Sending datagrams to " + endpoint
                        + (destination.isGroup() ? " (" + destination.kind().name().toLowerCase(Locale.ROOT)
                        + ": replies from any address)" : ""));
            }
            UdpLineClient.run(socket, destination.isGroup() ? peer : null, terminal.in(), terminal.out(),
                    timeout == null ? UDP_WAIT : timeout);
        } catch (PortUnreachableException e) {
            throw new PortUnreachableException("nothing listens at " + endpoint + " (port unreachable)");
        }
        return ExitCode.OK;
    }
}
