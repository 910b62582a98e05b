package dev.netkit.bench;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Failures;
import dev.netkit.tls.ClientTls;
import dev.netkit.tls.TlsErrors;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * How the load reaches the server. Plain connections are the JDK's socket channels (TCP with no
 * Nagle delay, or a Unix domain socket), for the workers' selectors; with several source addresses
 * they take them in turn, so that more than one address's worth of ephemeral ports (about 28,000
 * on Linux) can reach one server port. TLS connections are netkit's own client's.
 *
 * <p>Threading: safe for concurrent use.
 */
final class Connector {

    private final SocketAddress target;
    private final List<SocketAddress> targets;
    private final List<InetAddress> sources;

    /** A connector to {@code target}, from {@code sources} in turn (empty: the system's choice). */
    Connector(SocketAddress target, List<InetAddress> sources) {
        this(List.of(target), sources);
    }

    /**
     * A connector to {@code targets} in turn, by connection index (the first is the one reports
     * name), from {@code sources} in turn.
     */
    Connector(List<SocketAddress> targets, List<InetAddress> sources) {
        this.targets = List.copyOf(targets);
        this.target = this.targets.getFirst();
        this.sources = List.copyOf(sources);
    }

    /**
     * A connected, blocking channel; connection {@code index} picks the source address (any int:
     * a long run's counter wraps). Closes the channel on any failure.
     */
    SocketChannel open(int index) throws IOException {
        SocketChannel channel = tcp() ? SocketChannel.open() : SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            if (tcp() && !sources.isEmpty()) {
                channel.bind(new InetSocketAddress(sources.get(Math.floorMod(index, sources.size())), 0));
            }
            connect(channel, targets.get(Math.floorMod(index, targets.size())));
            if (tcp()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Connects, naming the target when it fails, in the words {@code netkit connect} uses. */
    private void connect(SocketChannel channel, SocketAddress to) throws IOException {
        try {
            channel.connect(to);
        } catch (ConnectException e) {
            throw named(new ConnectException("connection refused: " + endpoint()), e);
        } catch (IOException e) {
            throw named(new IOException("cannot connect to " + endpoint() + ": " + Failures.describe(e)), e);
        }
    }

    private static IOException named(IOException named, IOException cause) {
        named.initCause(cause);
        return named;
    }

    /**
     * A TLS connection, handshake done. A handshake that fails for no certificate reason says
     * that the server may not speak TLS at all.
     */
    Connection openTls(ClientTls tls) throws IOException {
        Endpoint endpoint = endpoint();
        try {
            return Client.connect(endpoint, tls);
        } catch (SSLException e) {
            TlsErrors.Reason reason = TlsErrors.reason(e);
            if (reason == TlsErrors.Reason.HANDSHAKE_FAILED || reason == TlsErrors.Reason.OTHER) {
                // Most often a plain server: it echoes the ClientHello or answers in clear text.
                throw new IOException("no TLS handshake with " + endpoint + " (is it a TLS server?): "
                        + TlsErrors.describe(e), e);
            }
            throw e;
        }
    }

    /** Whether connections are TCP rather than Unix domain sockets. */
    boolean tcp() {
        return !(target instanceof UnixDomainSocketAddress);
    }

    /** The target as reports name it: {@code host:port}, or the socket's path. */
    static String describe(SocketAddress target) {
        if (target instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return target.toString();
    }

    /** netkit's endpoint for the target: the host name as given, so that it is the one verified. */
    private Endpoint endpoint() {
        return switch (target) {
            case InetSocketAddress inet -> Endpoint.tcp(inet.getHostString(), inet.getPort());
            case UnixDomainSocketAddress unix -> Endpoint.unix(unix.getPath());
            default -> throw new IllegalStateException("not a TCP or Unix socket address: " + target);
        };
    }
}
