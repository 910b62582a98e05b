package dev.netkit;

import dev.netkit.internal.SocketErrors;
import dev.netkit.tls.TlsErrors;

import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * One line for any failure netkit reports, for a command-line tool or a log. netkit's socket
 * errors already name the host, port or file in their messages; TLS failures are explained as
 * {@link TlsErrors#describe} does; anything else is its message, or its type when it has none.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * Describes {@code failure} in one line a person can act on.
     *
     * @param failure any exception; an {@link UncheckedIOException} is described by its cause
     * @return the description, never empty
     */
    public static String describe(Throwable failure) {
        Throwable t = failure instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : failure;
        if (t instanceof SSLException || t instanceof CertificateException) {
            return TlsErrors.describe(t);
        }
        return SocketErrors.describe(t);
    }
}
