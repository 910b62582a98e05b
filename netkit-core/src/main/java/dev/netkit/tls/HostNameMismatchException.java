package dev.netkit.tls;

import java.security.cert.CertificateException;

/**
 * The server's certificate chain is trusted but the certificate is not issued for the host name
 * the client connected to. The JDK reports this as a bare {@link CertificateException}; netkit
 * gives it its own type so that it can be told apart from an untrusted chain without reading
 * message text. Found in the cause chain of the {@link javax.net.ssl.SSLHandshakeException}.
 */
public final class HostNameMismatchException extends CertificateException {

    private final String hostName;

    public HostNameMismatchException(String hostName, String message, Throwable cause) {
        super(message, cause);
        this.hostName = hostName;
    }

    /** The host name that was checked. */
    public String hostName() {
        return hostName;
    }
}
