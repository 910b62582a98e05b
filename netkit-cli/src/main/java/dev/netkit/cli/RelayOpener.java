package dev.netkit.cli;

import dev.netkit.Client;
import dev.netkit.Endpoint;
import dev.netkit.TransportType;
import dev.netkit.tls.ClientTls;

import java.io.IOException;

/**
 * Opens the side of a relay that does not listen: once for a relay between two such addresses,
 * once per peer when the other side listens.
 */
@FunctionalInterface
interface RelayOpener {

    /** A new side, open; the caller closes it. */
    RelayEnd open() throws IOException;

    /**
     * The opener of {@code address}, which must not listen. The TLS settings are made once here,
     * so that a file that cannot be read fails before anything listens, and every connection
     * shares one session cache.
     */
    static RelayOpener of(RelayAddress address, Terminal terminal, TransportType transport) {
        Client.Builder client = Client.builder().transport(transport);
        return switch (address) {
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
}
