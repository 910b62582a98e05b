package dev.netkit.cli;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.TransportType;
import dev.netkit.tls.ClientTls;
import dev.netkit.udp.UdpLineClient;
import dev.netkit.udp.UdpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code netkit connect HOST PORT}: standard input to the socket, the socket to standard output,
 * byte for byte, each read passed on at once. When standard input ends the output side is
 * half-closed and the command keeps printing until the server closes; then it exits 0. With
 * {@code --idle-timeout}, a connection on which nothing has moved either way for that long is
 * closed, with one line on stderr and exit code 1.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Connect and relay standard input and output, like nc.")
final class ConnectCommand implements Callable<Integer> {

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", description = "Host name or address.")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT", description = "TCP port.")
    Integer port;

    @Option(names = "--unix", paramLabel = "PATH", description = "Connect to a Unix domain socket instead.")
    Path unix;

    @Option(names = "--timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Give up connecting after this long (default: 10s); with --udp, how long to wait"
                    + " for replies once standard input has ended (default: 2s).")
    Duration timeout;

    @Option(names = "--idle-timeout", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Close the connection when no data has moved either way for this long, say so on stderr"
                    + " and exit 1 (default: never; 0 = never).")
    Duration idleTimeout;

    @Option(names = "--udp", description = "Send each line of standard input as one datagram; print each datagram received.")
    boolean udp;

    @Option(names = "--crlf", description = "Send line breaks as CRLF.")
    boolean crlf;

    @Option(names = {"-v", "--verbose"}, description = "Say when the connection opens and closes (on stderr).")
    boolean verbose;

    @Option(names = "--tls", description = "Speak TLS; the server's certificate chain and host name are verified.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE", description = "Trust these CA certificates (PEM) instead of the system's.")
    Path ca;

    @Option(names = "--servername", paramLabel = "NAME", description = "The name to send as SNI and to verify (default: HOST).")
    String serverName;

    @Option(names = "--cert", paramLabel = "FILE", description = "A client certificate (PEM), for mutual TLS.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "The client certificate's private key (PEM).")
    Path key;

    @Option(names = "--insecure", description = "Skip verifying the server's certificate: for development only.")
    boolean insecure;

    @Option(names = "--transport", paramLabel = "NAME", description = "auto, nio or epoll (default: auto).")
    TransportType transport = TransportType.AUTO;

    ConnectCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        Endpoint endpoint = endpoint();
        if (!tls && (ca != null || serverName != null || cert != null || key != null || insecure)) {
            throw new ParameterException(spec.commandLine(), "--ca, --servername, --cert, --key and --insecure need --tls");
        }
        if (udp) {
            if (tls) {
                throw new ParameterException(spec.commandLine(), "--udp and --tls do not go together (DTLS is not supported)");
            }
            if (idleTimeout != null) {
                throw new ParameterException(spec.commandLine(),
                        "--idle-timeout is for streams; with --udp, --timeout bounds the wait for replies");
            }
            return datagrams(endpoint);
        }
        Duration connectTimeout = timeout == null ? Client.DEFAULT_CONNECT_TIMEOUT : timeout;
        Client.Builder client = Client.builder().timeout(connectTimeout).transport(transport).tls(tls ? clientTls() : null);
        try (Connection conn = client.connect(endpoint)) {
            if (verbose) {
                terminal.err().println("Connected to " + endpoint);
            }
            Thread upstream = Thread.ofPlatform().daemon().name("netkit-stdin").start(() -> pump(conn));
            IdleTimeout.guard(conn, idleTimeout, () -> relay(conn.input(), terminal.out()));
            upstream.interrupt();
            if (verbose) {
                terminal.err().println("Connection closed");
            }
        }
        return ExitCode.OK;
    }

    private Endpoint endpoint() {
        if (unix != null) {
            if (host != null) {
                throw new ParameterException(spec.commandLine(), "give either --unix PATH or HOST PORT, not both");
            }
            return Endpoint.unix(unix);
        }
        if (host == null || port == null) {
            throw new ParameterException(spec.commandLine(), "missing HOST and PORT (or --unix PATH)");
        }
        if (port < 1 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "PORT must be 1-65535, got " + port);
        }
        return Endpoint.tcp(host, port);
    }

    private ClientTls clientTls() {
        if ((cert == null) != (key == null)) {
            throw new ParameterException(spec.commandLine(), "--cert and --key go together");
        }
        if (insecure && ca != null) {
            throw new ParameterException(spec.commandLine(), "--insecure and --ca contradict each other");
        }
        ClientTls.Builder builder = ClientTls.builder();
        if (ca != null) {
            builder.trust(ca);
        }
        if (insecure) {
            builder.insecure();
        }
        if (serverName != null) {
            builder.serverName(serverName);
        }
        if (cert != null) {
            builder.clientCertificate(cert, key);
        }
        return builder.build();
    }

    private int datagrams(Endpoint endpoint) throws IOException {
        if (!(endpoint instanceof Endpoint.Tcp tcp)) {
            throw new ParameterException(spec.commandLine(), "--udp and --unix do not go together: UDP runs over IP");
        }
        InetSocketAddress peer = new InetSocketAddress(tcp.connectHost(), tcp.port());
        if (peer.isUnresolved()) {
            throw new UnknownHostException("unknown host: " + tcp.connectHost());
        }
        try (UdpSocket socket = UdpSocket.open()) {
            socket.connect(peer);
            if (verbose) {
                terminal.err().println("Sending datagrams to " + endpoint);
            }
            UdpLineClient.run(socket, terminal.in(), terminal.out(), timeout == null ? Duration.ofSeconds(2) : timeout);
        } catch (PortUnreachableException e) {
            throw new PortUnreachableException("nothing listens at " + endpoint + " (port unreachable)");
        }
        return ExitCode.OK;
    }

    /** The socket to standard output until the server closes. */
    private static void relay(InputStream in, PrintStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
            if (out.checkError()) {
                return; // standard output is gone (`| head`): nobody is left to read for
            }
        }
    }

    /** Standard input to the socket; at its end, half-close so the server sees end of stream. */
    private void pump(Connection conn) {
        byte[] buffer = new byte[16 * 1024];
        byte[] translated = crlf ? new byte[buffer.length * 2] : null;
        boolean lastWasCr = false;
        try {
            int n;
            while ((n = terminal.in().read(buffer)) >= 0) {
                if (!crlf) {
                    conn.output().write(buffer, 0, n);
                } else {
                    int m = 0;
                    for (int i = 0; i < n; i++) {
                        byte b = buffer[i];
                        if (b == '\n' && !lastWasCr) {
                            translated[m++] = '\r';
                        }
                        translated[m++] = b;
                        lastWasCr = b == '\r';
                    }
                    conn.output().write(translated, 0, m);
                }
                conn.flush();
            }
            conn.shutdownOutput();
        } catch (IOException e) {
            // The server closed or reset: the relay to standard output reports how it ended.
        }
    }
}
