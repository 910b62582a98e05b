package dev.netkit.tls;

import dev.netkit.internal.ChannelUpgrade;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * A server's TLS settings: its key and certificate chain (or several, one per server name), TLS 1.2
 * and 1.3 only, a handshake timeout, optional client authentication against a PEM bundle of CA
 * certificates, and optional ALPN protocol names. Built once, shared by every connection;
 * immutable and thread-safe. A running server takes new settings with
 * {@link dev.netkit.Server#updateTls(ServerTls)}.
 *
 * <p>Several certificates ({@link Builder#addCertificate(KeyMaterial)}) are chosen by the name the
 * client asks for by SNI, matched against each certificate's subjectAltName DNS entries: an exact
 * name first, then a wildcard ({@code *.example.net} covers {@code a.example.net} only), else the
 * first certificate, the default, which also goes to clients that send no name. The name asked
 * for is {@link dev.netkit.Connection#requestedServerName()}.
 *
 * <p>With {@link Builder#applicationProtocols(String...)} the server negotiates ALPN (RFC 7301): it
 * picks the first of its names, in its order, that the client offers; a client that offers names
 * and none of these fails the handshake ({@code no_application_protocol}); one that offers none
 * gets none. The outcome is {@link dev.netkit.Connection#applicationProtocol()}.
 *
 * <p>Cipher suites are the JDK's defaults narrowed to authenticated encryption: TLS 1.3's, and for
 * TLS 1.2 ECDHE with AES-GCM or ChaCha20-Poly1305 ({@link #cipherSuites()}). The CBC suites, whose
 * MAC-then-encrypt padding checks leak timing (Lucky Thirteen), and those without forward secrecy
 * are not offered; every TLS 1.2 client of the last decade has an AEAD suite. The groups are the
 * JDK's defaults.
 *
 * <pre>{@code
 * Server server = Server.builder()
 *         .listen(Endpoint.tcp(8443))
 *         .tls(ServerTls.fromPem(Path.of("server-cert.pem"), Path.of("server-key.pem")))
 *         .handler(conn -> conn.input().transferTo(conn.output()))
 *         .start();
 * }</pre>
 *
 * <p>Each handshake runs on the connection's own virtual thread before the handler is called; the
 * server closes a connection whose handshake is not done within {@link #handshakeTimeout()}.
 * TLS 1.2 renegotiation is refused.
 */
public final class ServerTls {

    /** How long a client may take to complete the handshake by default. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final String[] cipherSuites;
    private final List<KeyMaterial> keyMaterials;
    private final ClientAuth clientAuth;
    private final Duration handshakeTimeout;
    private final List<String> applicationProtocols;

    private ServerTls(Builder builder, SSLContext context) {
        this.context = context;
        this.cipherSuites = aeadSuites(context.createSSLEngine().getEnabledCipherSuites());
        this.keyMaterials = List.copyOf(builder.keyMaterials);
        this.clientAuth = builder.clientAuth;
        this.handshakeTimeout = builder.handshakeTimeout;
        this.applicationProtocols = List.copyOf(builder.applicationProtocols);
    }

    /**
     * TLS with the certificate chain and key of two PEM files and default settings.
     *
     * @throws TlsConfigException naming the file that cannot be used, and why
     */
    public static ServerTls fromPem(Path certificateFile, Path keyFile) {
        return builder(KeyMaterial.fromPem(certificateFile, keyFile)).build();
    }

    /** Settings to build, starting from the server's key and chain. */
    public static Builder builder(KeyMaterial keyMaterial) {
        return new Builder(keyMaterial);
    }

    /** The default key and chain: the first one given, served when no other one's names fit. */
    public KeyMaterial keyMaterial() {
        return keyMaterials.getFirst();
    }

    /** Every key and chain served, the default first, in the order given. */
    public List<KeyMaterial> keyMaterials() {
        return keyMaterials;
    }

    /** The ALPN protocol names offered, in order of preference; empty when ALPN is off. */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The cipher suites the server accepts, in the JDK's order of preference. */
    public List<String> cipherSuites() {
        return List.of(cipherSuites);
    }

    /**
     * Of {@code suites}, the AEAD ones: TLS 1.3's (which are all AEAD), and TLS 1.2's with ECDHE key
     * exchange and GCM or ChaCha20-Poly1305; the renegotiation-info signal is kept. Order is kept.
     */
    static String[] aeadSuites(String[] suites) {
        return Arrays.stream(suites).filter(ServerTls::isAead).toArray(String[]::new);
    }

    private static boolean isAead(String suite) {
        if (suite.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
            return true;
        }
        if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
            return true; // TLS 1.3: the name carries no key exchange, every one is AEAD
        }
        return suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"));
    }

    static {
        Layers.register();
    }

    /** For {@link dev.netkit.Server.Builder#tls}: the handshake applied to each accepted channel. */
    ChannelUpgrade channelUpgrade() {
        return channel -> TlsStreamChannel.handshake(channel, newEngine());
    }

    SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setCipherSuites(cipherSuites);
        switch (clientAuth) {
            case REQUIRE -> parameters.setNeedClientAuth(true);
            case REQUEST -> parameters.setWantClientAuth(true);
            case NONE -> parameters.setNeedClientAuth(false);
        }
        if (!applicationProtocols.isEmpty()) {
            parameters.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Settings for a {@link ServerTls}. */
    public static final class Builder {
        private final List<KeyMaterial> keyMaterials = new ArrayList<>();
        private final List<String> applicationProtocols = new ArrayList<>();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private Path clientCas;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        private Builder(KeyMaterial keyMaterial) {
            keyMaterials.add(Objects.requireNonNull(keyMaterial, "keyMaterial"));
        }

        /**
         * Adds a certificate served to clients that ask, by SNI, for one of the DNS names in its
         * subjectAltName (see the class doc); the one the builder started with stays the default.
         */
        public Builder addCertificate(KeyMaterial keyMaterial) {
            keyMaterials.add(Objects.requireNonNull(keyMaterial, "keyMaterial"));
            return this;
        }

        /**
         * The ALPN protocol names to offer ({@code h2}, {@code imap}...), most preferred first;
         * none (the default) turns ALPN off.
         *
         * @throws IllegalArgumentException when a name is empty or longer than 255 bytes
         */
        public Builder applicationProtocols(String... protocols) {
            this.applicationProtocols.clear();
            this.applicationProtocols.addAll(Alpn.checked(protocols));
            return this;
        }

        /**
         * Asks clients for a certificate issued by one of the CA certificates in the PEM file
         * {@code trustedCas} ({@link ClientAuth#NONE} ignores the file).
         */
        public Builder clientAuth(ClientAuth mode, Path trustedCas) {
            this.clientAuth = Objects.requireNonNull(mode, "mode");
            this.clientCas = mode == ClientAuth.NONE ? null : Objects.requireNonNull(trustedCas, "trustedCas");
            return this;
        }

        /** How long a client may take to complete the handshake; {@link #DEFAULT_HANDSHAKE_TIMEOUT} by default. */
        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive, got " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * Builds the settings, reading the CA file now.
         *
         * @throws TlsConfigException naming the CA file when it cannot be used
         */
        public ServerTls build() {
            TrustManager[] trust = Optional.ofNullable(clientCas)
                    .map(file -> new TrustManager[] {TrustAnchors.fromPem(file)})
                    .orElse(null);
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(new KeyManager[] {new SniKeyManager(keyMaterials)}, trust, null);
                return new ServerTls(this, context);
            } catch (GeneralSecurityException e) {
                throw new TlsConfigException("cannot set up TLS: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "ServerTls[" + keyMaterials.stream().map(k -> k.certificate().getSubjectX500Principal().getName())
                .collect(Collectors.joining("; ")) + ", client auth " + clientAuth + "]";
    }
}
