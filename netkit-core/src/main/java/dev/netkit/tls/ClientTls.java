package dev.netkit.tls;

import dev.netkit.Endpoint;
import dev.netkit.internal.ChannelUpgrade;
import dev.netkit.internal.StreamChannel;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client's TLS settings. By default the server's certificate chain is checked against the JDK's
 * trust store <em>and</em> its host name against the name connected to (the JDK checks host names
 * only when asked: the engine's endpoint identification algorithm is set to {@code HTTPS}); the
 * name is sent as SNI. TLS 1.2 and 1.3 only.
 *
 * <pre>{@code
 * ClientTls tls = ClientTls.builder().trust(Path.of("ca.pem")).build();
 * try (Connection conn = Client.connect(Endpoint.tcp("example.net", 8443), tls)) { ... }
 * }</pre>
 *
 * <p>{@link Builder#insecure()} turns every check off for this one client's SSLContext, for
 * development; nothing JVM-wide changes. Immutable and thread-safe; the handshake runs on the
 * thread that connects, bounded by {@link #handshakeTimeout()}.
 */
public final class ClientTls {

    static {
        Layers.register();
    }

    private final SSLContext context;
    private final boolean insecure;
    private final Optional<String> serverName;
    private final Duration handshakeTimeout;
    private final List<String> applicationProtocols;

    private ClientTls(SSLContext context, Builder builder) {
        this.context = context;
        this.insecure = builder.insecure;
        this.serverName = Optional.ofNullable(builder.serverName);
        this.handshakeTimeout = builder.handshakeTimeout;
        this.applicationProtocols = builder.applicationProtocols;
    }

    /** Verifying clients trusting the JDK's trust store, with default settings. */
    public static ClientTls systemDefault() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean insecure() {
        return insecure;
    }

    /** The name checked and sent as SNI instead of the endpoint's host, when one was given. */
    public Optional<String> serverName() {
        return serverName;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The ALPN protocol names offered, most preferred first; empty when ALPN is off. */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /**
     * For {@link dev.netkit.Client}: the handshake with {@code endpoint}, bounded by the handshake
     * timeout. The name checked is {@link #serverName()}, else the endpoint's host; a Unix domain
     * socket has no host, so {@code localhost} is checked unless a server name was given.
     */
    ChannelUpgrade channelUpgrade(Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        String host = serverName.orElseGet(() -> endpoint instanceof Endpoint.Tcp tcp ? tcp.connectHost() : "localhost");
        int port = endpoint instanceof Endpoint.Tcp tcp ? tcp.port() : -1;
        return channel -> handshake(channel, newEngine(host, port), host);
    }

    SSLEngine newEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(ServerTls.PROTOCOLS);
        if (!insecure) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isAddressLiteral(host)) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException notAHostName) {
                // a name SNI cannot carry: the handshake goes on without SNI
            }
        }
        if (!applicationProtocols.isEmpty()) {
            parameters.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** SNI carries host names only (RFC 6066 section 3); an address literal is checked against IP SANs. */
    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /**
     * The handshake on the caller's thread. A clientside watchdog (a virtual thread) aborts the
     * channel when the timeout passes, which wakes the blocked handshake with an exception.
     */
    private StreamChannel handshake(StreamChannel channel, SSLEngine engine, String host) throws IOException {
        AtomicBoolean over = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("netkit-tls-handshake-timer").start(() -> {
            try {
                Thread.sleep(handshakeTimeout);
            } catch (InterruptedException e) {
                return;
            }
            if (over.compareAndSet(false, true)) {
                channel.abort();
            }
        });
        try {
            StreamChannel tls = TlsStreamChannel.handshake(channel, engine);
            if (!over.compareAndSet(false, true)) {
                throw timedOut(host, null);
            }
            return tls;
        } catch (IOException e) {
            if (!over.compareAndSet(false, true)) {
                throw timedOut(host, e);
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    private SocketTimeoutException timedOut(String host, IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException(
                "TLS handshake with " + host + " timed out after " + handshakeTimeout.toMillis() + " ms");
        e.initCause(cause);
        return e;
    }

    /** Settings for a {@link ClientTls}. */
    public static final class Builder {
        private Path trustedCas;
        private boolean insecure;
        private String serverName;
        private Path certificateFile;
        private Path keyFile;
        private KeyMaterial keyMaterial;
        private Duration handshakeTimeout = ServerTls.DEFAULT_HANDSHAKE_TIMEOUT;
        private List<String> applicationProtocols = List.of();

        private Builder() {
        }

        /**
         * The ALPN protocol names to offer ({@code h2}, {@code imap}...), most preferred first; the
         * server picks one or none ({@link dev.netkit.Connection#applicationProtocol()}). None, the
         * default, sends no ALPN extension.
         *
         * @throws IllegalArgumentException when a name is empty or longer than 255 bytes
         */
        public Builder applicationProtocols(String... protocols) {
            this.applicationProtocols = Alpn.checked(protocols);
            return this;
        }

        /** Trusts the CA certificates of a PEM file instead of the JDK's trust store. */
        public Builder trust(Path caBundle) {
            this.trustedCas = Objects.requireNonNull(caBundle, "caBundle");
            return this;
        }

        /**
         * Accepts any server certificate for any host name: for development against self-signed
         * servers only. Scoped to this client's own SSLContext.
         */
        public Builder insecure() {
            this.insecure = true;
            return this;
        }

        /** The name to check the certificate against and send as SNI, instead of the endpoint's host. */
        public Builder serverName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("serverName must not be blank");
            }
            this.serverName = name;
            return this;
        }

        /** A client certificate chain and key from PEM files, for servers that ask for one (mutual TLS). */
        public Builder clientCertificate(Path certificateFile, Path keyFile) {
            this.certificateFile = Objects.requireNonNull(certificateFile, "certificateFile");
            this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
            return this;
        }

        /** A client certificate chain and key made or loaded elsewhere. */
        public Builder clientCertificate(KeyMaterial keyMaterial) {
            this.keyMaterial = Objects.requireNonNull(keyMaterial, "keyMaterial");
            return this;
        }

        /** How long the handshake may take; 10 s by default. */
        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive, got " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * Builds the settings, reading every file now.
         *
         * @throws TlsConfigException naming a file that cannot be used, and why
         */
        public ClientTls build() {
            X509ExtendedTrustManager trust = insecure ? TrustAllManager.INSTANCE
                    : new HostCheckingTrustManager(trustedCas == null ? TrustAnchors.system() : TrustAnchors.fromPem(trustedCas));
            KeyMaterial key = keyMaterial != null ? keyMaterial
                    : certificateFile != null ? KeyMaterial.fromPem(certificateFile, keyFile) : null;
            KeyManager[] keyManagers = key == null ? null : key.keyManagers();
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers, new TrustManager[] {trust}, null);
                return new ClientTls(context, this);
            } catch (GeneralSecurityException e) {
                throw new TlsConfigException("cannot set up TLS: " + e.getMessage(), e);
            }
        }
    }
}
