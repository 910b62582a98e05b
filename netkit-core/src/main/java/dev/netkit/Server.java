package dev.netkit;

import dev.netkit.internal.AccessFilter;
import dev.netkit.internal.ChannelUpgrade;
import dev.netkit.internal.ListenChannel;
import dev.netkit.internal.ReplaceableUpgrade;
import dev.netkit.internal.ServerCore;
import dev.netkit.internal.SocketOptions;
import dev.netkit.internal.TlsLayers;
import dev.netkit.internal.Transport;
import dev.netkit.internal.Transports;
import dev.netkit.proxy.ProxyProtocol;
import dev.netkit.internal.UnixSocketFiles;
import dev.netkit.tls.ServerTls;

import java.io.IOException;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A stream server: one or more endpoints, one handler, one virtual thread per connection.
 *
 * <pre>{@code
 * Server server = Server.builder()
 *         .listen(Endpoint.tcp(8080))
 *         .handler(conn -> {
 *             conn.send("Welcome to echo server!\n");
 *             for (String line : conn.lines()) {
 *                 conn.send("Echo: " + line + "\n");
 *             }
 *         })
 *         .start();
 * }</pre>
 *
 * <p>Each endpoint has one named platform thread that accepts. It takes a connection permit
 * <em>before</em> accepting, so when {@link Builder#maxConnections(int)} connections are open, new
 * peers wait in the kernel's listen backlog (their connect succeeds, nothing is read or written)
 * until a connection closes. Connections silent for longer than the idle timeout (both directions)
 * are closed. {@link #stop(Duration)} stops accepting, lets handlers finish within the grace period,
 * then closes what is left. Thread-safe.
 */
public final class Server implements AutoCloseable {

    /** Default cap on open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default time a connection may stay silent in both directions. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Default grace period of {@link #close()}. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private final ServerCore core;
    /** The TLS handshake new connections get; null for a server without TLS. */
    private final ReplaceableUpgrade tls;

    private Server(ServerCore core, ReplaceableUpgrade tls) {
        this.core = core;
        this.tls = tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The name given to {@link Builder#name(String)}, used for threads, log lines and metrics. */
    public String name() {
        return core.name();
    }

    /** The endpoints listened on, with port 0 resolved to the real port, in the order given. */
    public List<Endpoint> endpoints() {
        return core.endpoints();
    }

    /** The first endpoint: handy when there is only one. */
    public Endpoint endpoint() {
        return core.endpoints().getFirst();
    }

    /** The TCP port of the first TCP endpoint. */
    public int port() {
        return core.endpoints().stream()
                .filter(Endpoint.Tcp.class::isInstance)
                .map(e -> ((Endpoint.Tcp) e).port())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the server has no TCP endpoint"));
    }

    /** Connections open right now. */
    public int connectionCount() {
        return core.connectionCount();
    }

    /**
     * Serves new TLS settings (certificates and keys, client authentication, ALPN names) to every
     * handshake from now on; connections open already keep the session they have. The handshake
     * timeout stays the one the server started with. Thread-safe.
     *
     * @throws IllegalStateException when the server was built without {@link Builder#tls(ServerTls)}
     */
    public void updateTls(ServerTls next) {
        Objects.requireNonNull(next, "next");
        if (tls == null) {
            throw new IllegalStateException("the server was started without TLS: nothing to update");
        }
        tls.replace(TlsLayers.server(next));
    }

    /** The connections refused so far by the rules of {@link Builder#allow}, {@link Builder#deny} and the per-address limits. */
    public Refusals refusals() {
        return core.access().refusals();
    }

    /**
     * A snapshot of the server's counters: connections, bytes, failures, TLS handshakes. Reading it
     * walks the open connections once (for their bytes); keeping it costs the connections nothing
     * per read or write, since their bytes join the totals when they close.
     */
    public ServerStats stats() {
        return core.stats();
    }

    /** The transport in use: {@code nio} or {@code epoll}. */
    public String transportName() {
        return core.transportName();
    }

    /**
     * Stops accepting, waits up to {@code grace} for handlers to finish, then closes the remaining
     * connections. A connection waiting for input with {@link Connection#resumeOnInput} is closed
     * once it is quiet (no byte either way for 200 ms if it moved none since the stop began, for
     * a second otherwise), not counted as forced; one still moving bytes at the deadline is.
     * Idempotent: a second call waits for the first and returns its result.
     */
    public ShutdownResult stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        return core.stop(grace);
    }

    /** Blocks until the server has stopped. */
    public void awaitStop() throws InterruptedException {
        core.awaitStop();
    }

    /** {@link #stop(Duration)} with {@link #DEFAULT_GRACE}. */
    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    /** Settings for a {@link Server}; {@link #start()} binds every endpoint and starts accepting. */
    public static final class Builder {
        private final List<Endpoint> endpoints = new ArrayList<>();
        private ConnectionHandler handler;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int backlog = 1024;
        private String name = "netkit";
        private TransportType transport = TransportType.AUTO;
        private ServerTls serverTls;
        private final AccessOptions access = new AccessOptions();
        private ProxyProtocol proxy;
        private boolean reusePort;
        private boolean keepAlive;

        private Builder() {
        }

        /** Adds an endpoint to listen on; call once per endpoint. */
        public Builder listen(Endpoint endpoint) {
            endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** The code run for each connection, on its own virtual thread. */
        public Builder handler(ConnectionHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** How many connections may be open at once; more wait in the listen backlog. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** How long a connection may be silent both ways before it is closed; {@link Duration#ZERO} for never. */
        public Builder idleTimeout(Duration idleTimeout) {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** The kernel's listen backlog. */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /** A name for threads and log lines. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Which transport to run on; {@link TransportType#AUTO} by default. */
        public Builder transport(TransportType transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Serves TLS on every endpoint: each connection's handshake runs on its own thread before the
         * handler sees it, and a connection whose handshake outlasts {@link ServerTls#handshakeTimeout()}
         * is closed.
         */
        public Builder tls(ServerTls tls) {
            this.serverTls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Lets in only peers in {@code range} (and the other allowed ranges); without any, every
         * address not denied may connect. Applies to TCP; see {@link #deny(AddressRange)}.
         */
        public Builder allow(AddressRange range) {
            access.allow(range);
            return this;
        }

        /**
         * Refuses peers in {@code range}, even when also allowed. A refused peer is closed as soon as
         * it is accepted, before any TLS handshake, and counted in {@link Server#refusals()}; the
         * refusals are logged at most once a second, summed up. These rules and the per-address
         * limits apply to TCP peers; a Unix socket's peers have no address (see
         * {@link #unixSocketPermissions(Set)}).
         */
        public Builder deny(AddressRange range) {
            access.deny(range);
            return this;
        }

        /** How many connections one client address may have open at once; more are refused. 0 (the default) for no cap. */
        public Builder maxConnectionsPerAddress(int max) {
            access.maxPerAddress(max);
            return this;
        }

        /**
         * How many connections a second one client address may open (a burst of that many, then
         * that many a second); more are refused. 0 (the default) for no limit. At most 16,384
         * addresses are remembered, the least recently seen forgotten first.
         */
        public Builder maxAcceptRatePerAddress(int perSecond) {
            access.maxRate(perSecond);
            return this;
        }

        /**
         * The permission bits of the socket files of the Unix endpoints (say {@code rw-rw----} for
         * owner and group only), instead of what the process's umask makes. Set right after
         * binding, before the server accepts anyone; a peer that connects in between (a few
         * microseconds) is accepted, so for a socket that must never be reachable, use a
         * restrictive umask or a directory only the intended users can enter.
         */
        public Builder unixSocketPermissions(Set<PosixFilePermission> permissions) {
            access.unixPermissions(permissions);
            return this;
        }

        /**
         * Takes a PROXY protocol header (version 1 or 2) at the start of every connection, from the
         * load balancer in front: {@link Connection#remoteAddress()} is then the client's address.
         * Off by default; see {@link ProxyProtocol} for who is trusted and what is refused.
         *
         * @param proxy the settings, such as {@link ProxyProtocol#fromLoopback()}; null turns it off
         * @return this builder
         */
        public Builder proxyProtocol(ProxyProtocol proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * Binds TCP endpoints with {@code SO_REUSEPORT}: another server (a new process during a
         * rolling restart) can bind the same port while this one still listens, and the kernel
         * shares new connections among them. Off by default. On Linux, connections that are in this
         * listener's backlog when it closes are reset, unless {@code net.ipv4.tcp_migrate_req} is on.
         *
         * @param reusePort true to share the port
         * @return this builder
         */
        public Builder reusePort(boolean reusePort) {
            this.reusePort = reusePort;
            return this;
        }

        /**
         * Turns TCP keep-alive ({@code SO_KEEPALIVE}) on for every accepted TCP connection, so that
         * a peer gone without a word (behind a NAT that dropped it, or powered off) is found; the
         * system's settings say when probes start (two hours by default on Linux) and how often.
         *
         * @param keepAlive true to probe idle connections
         * @return this builder
         */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * Binds every endpoint and starts accepting.
         *
         * @throws IOException when an endpoint cannot be bound (the message names it); nothing stays bound
         * @throws IllegalStateException when no endpoint or no handler was given, or a forced transport cannot run
         */
        public Server start() throws IOException {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("no endpoint: call listen(Endpoint) at least once");
            }
            if (handler == null) {
                throw new IllegalStateException("no handler: call handler(ConnectionHandler)");
            }
            Transport chosen = Transports.select(transport);
            List<ListenChannel> bound = new ArrayList<>();
            try {
                for (Endpoint endpoint : endpoints) {
                    bound.add(chosen.listen(endpoint, backlog, new SocketOptions(reusePort, keepAlive)));
                    if (endpoint instanceof Endpoint.Unix unix && access.unixPermissions() != null) {
                        UnixSocketFiles.setPermissions(unix.path(), access.unixPermissions());
                    }
                }
            } catch (IOException | RuntimeException e) {
                bound.forEach(ListenChannel::close);
                throw e;
            }
            ReplaceableUpgrade tlsUpgrade = serverTls == null ? null : new ReplaceableUpgrade(TlsLayers.server(serverTls));
            ServerCore.Settings settings = new ServerCore.Settings(name, handler, maxConnections, idleTimeout,
                    tlsUpgrade == null ? ChannelUpgrade.NONE : tlsUpgrade,
                    serverTls == null ? ServerTls.DEFAULT_HANDSHAKE_TIMEOUT : serverTls.handshakeTimeout(),
                    new AccessFilter(name, access.rules()), proxy);
            return new Server(ServerCore.start(chosen, bound, settings), tlsUpgrade);
        }
    }
}
