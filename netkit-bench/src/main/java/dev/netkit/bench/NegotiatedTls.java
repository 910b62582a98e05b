package dev.netkit.bench;

import dev.netkit.Connection;

import java.util.Objects;

/**
 * What a TLS run's handshake agreed on, for the report.
 *
 * @param protocol    the protocol version, such as {@code TLSv1.3}
 * @param cipherSuite the cipher suite, such as {@code TLS_AES_256_GCM_SHA384}
 */
public record NegotiatedTls(String protocol, String cipherSuite) {

    /**
     * Checks that neither is null.
     *
     * @throws NullPointerException when one is
     */
    public NegotiatedTls {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
    }

    /** The session of an open TLS connection. */
    static NegotiatedTls of(Connection connection) {
        return connection.tlsSession()
                .map(s -> new NegotiatedTls(s.getProtocol(), s.getCipherSuite()))
                .orElseThrow(() -> new IllegalStateException("connection " + connection.id() + " is not a TLS connection"));
    }
}
