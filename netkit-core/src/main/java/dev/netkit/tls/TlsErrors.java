package dev.netkit.tls;

import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Says in one line why a TLS connection failed, for a command-line tool or a log. Decided by the
 * exception types in the cause chain (the JDK's and {@link HostNameMismatchException}), never by
 * message text; the text of the deepest useful message is only appended for detail.
 */
public final class TlsErrors {

    /** Why a TLS connection failed, as far as the exception types tell. */
    public enum Reason {
        /** The peer's chain does not lead to a trusted certificate authority. */
        UNTRUSTED_ISSUER,
        /** The server's certificate is trusted but not issued for the host name connected to. */
        HOST_NAME_MISMATCH,
        /** A certificate of the chain has expired. */
        EXPIRED,
        /** A certificate of the chain is not valid yet. */
        NOT_YET_VALID,
        /** The chain was refused for another reason (revoked, weak algorithm, bad extension...). */
        CERTIFICATE_REJECTED,
        /** The connection or the handshake did not finish in time. */
        TIMEOUT,
        /** The handshake failed otherwise: no common protocol or cipher, an alert from the peer... */
        HANDSHAKE_FAILED,
        /** Any other TLS failure. */
        OTHER
    }

    private TlsErrors() {
    }

    /** Why {@code failure} happened. */
    public static Reason reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            switch (t) {
                case HostNameMismatchException e -> {
                    return Reason.HOST_NAME_MISMATCH;
                }
                case CertificateExpiredException e -> {
                    return Reason.EXPIRED;
                }
                case CertificateNotYetValidException e -> {
                    return Reason.NOT_YET_VALID;
                }
                case CertPathValidatorException e when e.getReason() == CertPathValidatorException.BasicReason.EXPIRED -> {
                    return Reason.EXPIRED;
                }
                case CertPathValidatorException e when e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID -> {
                    return Reason.NOT_YET_VALID;
                }
                case CertPathBuilderException e -> {
                    return Reason.UNTRUSTED_ISSUER;
                }
                case CertPathValidatorException e when e.getReason() == java.security.cert.PKIXReason.NO_TRUST_ANCHOR -> {
                    // a trusted certificate with the issuer's name but another key, or no anchor at all
                    return Reason.UNTRUSTED_ISSUER;
                }
                case SocketTimeoutException e -> {
                    return Reason.TIMEOUT;
                }
                default -> {
                    // look deeper
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertPathValidatorException || t instanceof CertificateException) {
                return Reason.CERTIFICATE_REJECTED;
            }
        }
        return failure instanceof SSLHandshakeException ? Reason.HANDSHAKE_FAILED : Reason.OTHER;
    }

    /** One line for a person: what went wrong, then the detail. */
    public static String describe(Throwable failure) {
        return switch (reason(failure)) {
            case UNTRUSTED_ISSUER -> "untrusted issuer: the certificate is not signed by a trusted certificate authority";
            case HOST_NAME_MISMATCH -> "host name mismatch: " + find(failure, HostNameMismatchException.class).getMessage();
            case EXPIRED -> "certificate expired" + which(failure);
            case NOT_YET_VALID -> "certificate not yet valid" + which(failure);
            case CERTIFICATE_REJECTED -> "certificate rejected: " + deepest(failure);
            case TIMEOUT -> message(find(failure, SocketTimeoutException.class));
            case HANDSHAKE_FAILED -> "TLS handshake failed: " + message(failure);
            case OTHER -> (failure instanceof SSLException ? "TLS error: " : "") + message(failure);
        };
    }

    /** ": CN=..., valid until ..." naming the certificate that failed, when the exception carries it. */
    private static String which(Throwable failure) {
        CertPathValidatorException e = find(failure, CertPathValidatorException.class);
        if (e == null || e.getCertPath() == null || e.getIndex() < 0) {
            return "";
        }
        List<? extends Certificate> certificates = e.getCertPath().getCertificates();
        if (e.getIndex() >= certificates.size() || !(certificates.get(e.getIndex()) instanceof X509Certificate c)) {
            return "";
        }
        return ": " + c.getSubjectX500Principal().getName() + " is valid from " + c.getNotBefore().toInstant()
                + " to " + c.getNotAfter().toInstant();
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String deepest(Throwable failure) {
        Throwable last = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                last = t;
            }
        }
        return message(last);
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
