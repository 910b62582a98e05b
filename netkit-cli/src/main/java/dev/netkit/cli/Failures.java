package dev.netkit.cli;

import dev.netkit.internal.SocketErrors;

import dev.netkit.tls.TlsErrors;

import javax.net.ssl.SSLException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.net.UnknownHostException;

/** One line for an error a user can act on. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof SSLException || t instanceof CertificateException) {
            return TlsErrors.describe(t);
        }
        if (t instanceof UnknownHostException && !SocketErrors.describe(t).startsWith("unknown host")) {
            return "unknown host: " + SocketErrors.describe(t);
        }
        return SocketErrors.describe(t);
    }
}
