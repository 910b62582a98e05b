package dev.netkit;

import dev.netkit.internal.ChannelConnection;
import dev.netkit.internal.ChannelUpgrade;
import dev.netkit.internal.Dialer;
import dev.netkit.internal.ProxyTunnel;
import dev.netkit.internal.SocketOptions;
import dev.netkit.internal.StreamChannel;
import dev.netkit.internal.TlsLayers;
import dev.netkit.internal.Transport;
import dev.netkit.internal.Transports;
import dev.netkit.proxy.ProxyHeader;
import dev.netkit.tls.ClientTls;

import java.io.IOException;
import java.net.InetSocketAddress;
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
 *
 * Connection tls = Client.builder()
 *         .timeout(Duration.ofSeconds(3))
 *         .tls(ClientTls.builder().trust(Path.of("ca.pem")).build())
 *         .connect(Endpoint.tcp("example.net", 8443));
 * }</pre>
 *
 * A refused connection is a {@link java.net.ConnectException}, an unknown host an
 * {@link java.net.UnknownHostException}, a timeout a {@link java.net.SocketTimeoutException},
 * a proxy's refusal ({@link Builder#proxy}) a {@link ProxyRefusedException};
 * each message names the destination. A failed TLS verification is an
 * {@link javax.net.ssl.SSLHandshakeException}; {@link Failures#describe} says why in one line.
 */
public final class Client {

    /** The connect timeout unless {@link Builder#timeout} sets another. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private Client() {
    }

    /**
     * Settings for connections: a timeout, a transport, TLS.
     *
     * @return a builder with {@link #DEFAULT_CONNECT_TIMEOUT}, {@link TransportType#AUTO} and no TLS
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects with the default settings.
     *
     * @param endpoint where to connect
     * @return the open connection
     * @throws IOException when the connection cannot be made; the message names the destination
     */
    public static Connection connect(Endpoint endpoint) throws IOException {
        return builder().connect(endpoint);
    }

    /**
     * Connects with TLS and otherwise the default settings.
     *
     * @param endpoint where to connect
     * @param tls how to verify the server and what to present to it
     * @return the open connection, its handshake done
     * @throws IOException when the connection or the handshake fails
     */
    public static Connection connect(Endpoint endpoint, ClientTls tls) throws IOException {
        return builder().tls(tls).connect(endpoint);
    }

    /** Settings for {@link #connect(Endpoint)}; reusable, each call opens a new connection. */
    public static final class Builder {
        private Duration timeout = DEFAULT_CONNECT_TIMEOUT;
        private TransportType transport = TransportType.AUTO;
        private ClientTls tls;
        private Proxy proxy;
        private InetSocketAddress source;
        private ProxyHeader proxyHeader;
        private boolean keepAlive;

        private Builder() {
        }

        /**
         * Sends a PROXY protocol header first on every connection, before TLS and before anything
         * the caller sends: for a relay or balancer telling a backend who its client is.
         *
         * @param proxyHeader the header, such as {@code ProxyHeader.v2(client, local)}; null for none (the default)
         * @return this builder
         */
        public Builder proxyHeader(ProxyHeader proxyHeader) {
            this.proxyHeader = proxyHeader;
            return this;
        }

        /**
         * Turns TCP keep-alive ({@code SO_KEEPALIVE}) on, so that a server gone without a word is found.
         *
         * @param keepAlive true to probe the connection when it is idle; off by default
         * @return this builder
         */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * How long connecting may take (TLS's handshake has its own timeout, in {@link ClientTls}).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Which transport to connect on.
         *
         * @param transport {@link TransportType#AUTO} by default
         * @return this builder
         */
        public Builder transport(TransportType transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Speaks TLS on the connection; {@code null} for plain bytes (the default).
         *
         * @param tls the client's TLS settings, or null
         * @return this builder
         */
        public Builder tls(ClientTls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Reaches TCP destinations through {@code proxy}, which resolves their host names; {@code null}
         * to connect directly (the default). The connect timeout covers reaching the proxy and its
         * answer; TLS, when set, runs end to end with the destination, through the tunnel.
         *
         * @param proxy the proxy, or null
         * @return this builder
         */
        public Builder proxy(Proxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * Connects TCP from this local address (port 0 for any port), as {@code nc -s} does;
         * {@code null} lets the system choose (the default). Only the destination's addresses of the
         * same family are tried. {@link TransportType#AUTO} then runs on NIO, and
         * {@link TransportType#EPOLL} cannot connect from a source address.
         *
         * @param source the local address, or null
         * @return this builder
         */
        public Builder source(InetSocketAddress source) {
            this.source = source;
            return this;
        }

        /**
         * Connects to the first address of {@code endpoint} that answers and, with TLS, completes the
         * handshake before returning.
         *
         * @param endpoint where to connect
         * @return the open connection
         * @throws IOException when the connection cannot be made or the handshake fails; a
         *         {@link ProxyRefusedException} when the proxy refuses the tunnel
         * @throws IllegalArgumentException when a proxy is set and {@code endpoint} is not TCP
         * @throws IllegalStateException when a forced transport cannot run here, or
         *         {@link TransportType#EPOLL} is forced with a source address
         */
        public Connection connect(Endpoint endpoint) throws IOException {
            Objects.requireNonNull(endpoint, "endpoint");
            if (proxy != null && !(endpoint instanceof Endpoint.Tcp)) {
                throw new IllegalArgumentException("a proxy reaches TCP destinations, not " + endpoint);
            }
            ChannelUpgrade upgrade = tls == null ? ChannelUpgrade.NONE : TlsLayers.client(tls, endpoint);
            // Binding a source address is NIO's: AUTO takes it rather than fail on epoll.
            Transport selected = Transports.select(source != null && transport == TransportType.AUTO ? TransportType.NIO : transport);
            long deadline = System.nanoTime() + timeout.toNanos();
            SocketOptions options = new SocketOptions(false, keepAlive, source);
            StreamChannel channel = new Dialer(selected, options, timeout).connect(proxy == null ? endpoint : proxy.address());
            try {
                if (proxy != null) {
                    long left = Math.max(deadline - System.nanoTime(), 1_000_000L);
                    ProxyTunnel.open(channel, proxy, (Endpoint.Tcp) endpoint, Duration.ofNanos(left));
                }
                if (proxyHeader != null) {
                    byte[] header = proxyHeader.toBytes();
                    channel.write(header, 0, header.length);
                }
                return new ChannelConnection(upgrade.upgrade(channel));
            } catch (IOException | RuntimeException e) {
                channel.abort();
                throw e;
            }
        }
    }
}
