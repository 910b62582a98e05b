package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** Where and how a {@code serve} command listens: shared by every service. */
final class ListenOptions implements UsageCheck {

    @Option(names = {"-p", "--port"}, paramLabel = "N", converter = IntRange.ListenPort.class, description = "Port to listen on (default: the service's own; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDR",
            description = "Address to listen on (default: every interface; with --udp, 127.0.0.1 only).")
    String host = "";

    @Option(names = "--unix", paramLabel = "PATH", description = "Listen on a Unix domain socket instead of TCP.")
    Path unix;

    @Option(names = "--max-connections", paramLabel = "N", converter = IntRange.AtLeastOne.class, description = "Connections served at once; more wait (default: ${DEFAULT-VALUE}).")
    int maxConnections = Server.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--idle-timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Close a connection silent this long both ways (default: 5m, chat 1h; 0 = never).")
    Duration idleTimeout;

    @Option(names = "--grace", paramLabel = "TIME", converter = DurationConverter.class,
            description = "On Ctrl-C, how long open connections may finish (default: 3s).")
    Duration grace = Duration.ofSeconds(3);

    @Option(names = "--transport", paramLabel = "NAME", description = "auto, nio or epoll (default: auto).")
    TransportType transport = TransportType.AUTO;

    @Mixin
    AccessOptions access = new AccessOptions();

    @Option(names = {"-v", "--verbose"}, description = "Log more: every connection's details and debug lines.")
    boolean verbose;

    @Mixin
    ProxyProtocolOptions proxy = new ProxyProtocolOptions();

    @Mixin
    SocketTuningOptions socket = new SocketTuningOptions();

    @Override
    public void check(GivenOptions given) {
        given.apart("--unix", "--host", "a Unix socket has a path, not an address");
        given.apart("--unix", "--port", "a Unix socket has a path, not a port");
        proxy.check(given);
        socket.check(given);
        access.check(given);
    }

    Endpoint endpoint(int defaultPort) {
        if (unix != null) {
            return Endpoint.unix(unix);
        }
        return Endpoint.tcp(host, port == null ? defaultPort : port);
    }

    /**
     * The UDP bind address: {@code --host}, else loopback, and the port. A UDP service answers
     * whatever source address a datagram claims, so on the network it reflects (and for chargen
     * multiplies) floods aimed at others: it listens there only when told to.
     */
    InetSocketAddress inetAddress(int defaultPort) {
        int p = port == null ? defaultPort : port;
        return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, p);
    }

    Server.Builder configure(Server.Builder builder, int defaultPort) {
        return access.configure(socket.configure(proxy.configure(builder))).listen(endpoint(defaultPort))
                .maxConnections(maxConnections)
                .idleTimeout(idleTimeout == null ? Server.DEFAULT_IDLE_TIMEOUT : idleTimeout)
                .transport(transport);
    }
}
