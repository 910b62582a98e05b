package dev.netkit.cli;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.TransportType;
import dev.netkit.proxy.ProxyHeader;
import dev.netkit.tls.ClientTls;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Opens the side of a relay that does not listen: once for a relay between two such addresses,
 * once per peer when the other side listens.
 */
@FunctionalInterface
interface RelayOpener {

    /** A new side, open; the caller closes it. */
    RelayEnd open() throws IOException;

    /** A new side for a peer that connected to the listening side; the caller closes it. */
    default RelayEnd open(Connection inbound) throws IOException {
        return open();
    }

    /**
     * The opener of {@code address}, which must not listen. The TLS settings are made once here,
     * so that a file that cannot be read fails before anything listens, and every connection
     * shares one session cache.
     */
    static RelayOpener of(RelayAddress address, Terminal terminal, TransportType transport) {
        Client.Builder client = Client.builder().transport(transport);
        return switch (address) {
            case RelayAddress.Tcp tcp when tcp.proxyProtocol() != null -> new Proxied(tcp, transport);
            case RelayAddress.Tcp tcp -> () -> new RelayEnd.OfConnection(client.connect(Endpoint.tcp(tcp.host(), tcp.port())));
            case RelayAddress.Unix unix -> () -> new RelayEnd.OfConnection(client.connect(Endpoint.unix(unix.path())));
            case RelayAddress.Tls tls -> {
                Client.Builder secure = Client.builder().transport(transport).tls(clientTls(tls));
                yield () -> new RelayEnd.OfConnection(secure.connect(Endpoint.tcp(tls.host(), tls.port())));
            }
            case RelayAddress.Udp udp -> () -> UdpEnd.open(udp.host(), udp.port(), udp.idleTimeout());
            case RelayAddress.Stdio stdio -> () -> new StdioEnd(terminal);
            case RelayAddress.Exec exec -> () -> ExecEnd.start(exec.command());
            case RelayAddress.TcpListen l -> throw new IllegalArgumentException("a listening address opens nothing: " + l);
            case RelayAddress.UnixListen l -> throw new IllegalArgumentException("a listening address opens nothing: " + l);
            case RelayAddress.TlsListen l -> throw new IllegalArgumentException("a listening address opens nothing: " + l);
            case RelayAddress.UdpListen l -> throw new IllegalArgumentException("a listening address opens nothing: " + l);
        };
    }

    private static ClientTls clientTls(RelayAddress.Tls tls) {
        ClientTls.Builder builder = ClientTls.builder();
        tls.ca().ifPresent(builder::trust);
        tls.serverName().ifPresent(builder::serverName);
        tls.cert().ifPresent(cert -> builder.clientCertificate(cert, tls.key().orElseThrow()));
        return builder.build();
    }

    /**
     * A TCP backend told who each peer is with a PROXY protocol header ({@code proxy-protocol=v1|v2}):
     * the peer's address and the one it connected to; a side opened for no peer (stdio, say), or
     * for a peer on a Unix socket, says it has no client address to give.
     */
    record Proxied(RelayAddress.Tcp tcp, TransportType transport) implements RelayOpener {

        @Override
        public RelayEnd open() throws IOException {
            return connect(tcp.proxyProtocol().equals("v1") ? ProxyHeader.v1Unknown() : ProxyHeader.v2Local());
        }

        @Override
        public RelayEnd open(Connection inbound) throws IOException {
            if (!(inbound.remoteAddress() instanceof InetSocketAddress from)
                    || !(inbound.localAddress() instanceof InetSocketAddress to)) {
                return open();
            }
            return connect(tcp.proxyProtocol().equals("v1") ? ProxyHeader.v1(from, to) : ProxyHeader.v2(from, to));
        }

        private RelayEnd connect(ProxyHeader header) throws IOException {
            return new RelayEnd.OfConnection(Client.builder().transport(transport).proxyHeader(header)
                    .connect(Endpoint.tcp(tcp.host(), tcp.port())));
        }
    }
}
