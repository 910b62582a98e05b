package dev.netkit;

import dev.netkit.internal.ChannelConnection;
import dev.netkit.internal.ChannelUpgrade;
import dev.netkit.internal.StreamChannel;
import dev.netkit.internal.Transport;
import dev.netkit.internal.Transports;
import dev.netkit.tls.ClientTls;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens client connections.
 *
 * <pre>{@code
 * try (Connection conn = Client.connect(Endpoint.tcp("localhost", 6789))) {
 *     conn.send("Who's there?\r\n");
 *     ...
 * }
 * }</pre>
 *
 * A refused connection is a {@link java.net.ConnectException}, an unknown host an
 * {@link java.net.UnknownHostException}, a timeout a {@link java.net.SocketTimeoutException};
 * each message names the destination.
 */
public final class Client {

    /** The connect timeout of {@link #connect(Endpoint)}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private Client() {
    }

    /** Connects with {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public static Connection connect(Endpoint endpoint) throws IOException {
        return connect(endpoint, DEFAULT_CONNECT_TIMEOUT);
    }

    /** Connects, failing after {@code timeout}. */
    public static Connection connect(Endpoint endpoint, Duration timeout) throws IOException {
        return connect(endpoint, timeout, TransportType.AUTO, ChannelUpgrade.NONE);
    }

    /**
     * Connects with TLS and {@link #DEFAULT_CONNECT_TIMEOUT}. A failed verification is an
     * {@link javax.net.ssl.SSLHandshakeException}; {@link dev.netkit.tls.TlsErrors#describe} says why in one line.
     */
    public static Connection connect(Endpoint endpoint, ClientTls tls) throws IOException {
        return connect(endpoint, DEFAULT_CONNECT_TIMEOUT, tls);
    }

    /** Connects with TLS, failing after {@code timeout} to connect (the handshake has its own timeout). */
    public static Connection connect(Endpoint endpoint, Duration timeout, ClientTls tls) throws IOException {
        Objects.requireNonNull(tls, "tls");
        return connect(endpoint, timeout, TransportType.AUTO, tls.channelUpgrade(endpoint));
    }

    /** For netkit's own layers (TLS): connects on {@code transport} and applies {@code upgrade}. */
    public static Connection connect(Endpoint endpoint, Duration timeout, TransportType transport,
                                     ChannelUpgrade upgrade) throws IOException {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(timeout, "timeout");
        StreamChannel channel = connectAny(Transports.select(transport), endpoint, timeout);
        try {
            return new ChannelConnection(upgrade.upgrade(channel));
        } catch (IOException | RuntimeException e) {
            channel.abort();
            throw e;
        }
    }

    /**
     * Connects to the first address of a host name that answers, as nc does: {@code localhost}
     * may be {@code ::1} and {@code 127.0.0.1}, and a server may listen on only one of them.
     */
    private static StreamChannel connectAny(Transport transport, Endpoint endpoint, Duration timeout) throws IOException {
        if (!(endpoint instanceof Endpoint.Tcp tcp)) {
            return transport.connect(endpoint, timeout);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(tcp.connectHost());
        } catch (UnknownHostException e) {
            throw new UnknownHostException("unknown host: " + tcp.connectHost());
        }
        if (addresses.length == 1) {
            return transport.connect(endpoint, timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectException refused = null;
        for (InetAddress address : addresses) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                return transport.connect(Endpoint.tcp(address.getHostAddress(), tcp.port()), Duration.ofNanos(left));
            } catch (ConnectException e) {
                refused = e; // nothing listens at this address: try the next one
            }
        }
        if (refused == null) {
            throw new SocketTimeoutException("connect to " + tcp.connectHost() + ":" + tcp.port()
                    + " timed out after " + timeout.toMillis() + " ms");
        }
        ConnectException e = new ConnectException("connection refused: " + tcp.connectHost() + ":" + tcp.port());
        e.initCause(refused);
        throw e;
    }
}
