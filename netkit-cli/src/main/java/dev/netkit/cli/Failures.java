package dev.netkit.cli;

import dev.netkit.internal.SocketErrors;
import dev.netkit.tls.TlsErrors;

import javax.net.ssl.SSLException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;

/**
 * One line for an error a user can act on. The core names the host, port or file in its own
 * messages, so only TLS failures need translating here.
 */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof SSLException || t instanceof CertificateException) {
            return TlsErrors.describe(t);
        }
        return SocketErrors.describe(t);
    }
}
