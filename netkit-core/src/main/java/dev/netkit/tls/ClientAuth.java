package dev.netkit.tls;

/** Whether a server asks its clients for a certificate (mutual TLS). */
public enum ClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A certificate is asked for; a client without one is served, one with an untrusted one is refused. */
    REQUEST,
    /** A trusted client certificate is required; the handshake fails without one. */
    REQUIRE
}
