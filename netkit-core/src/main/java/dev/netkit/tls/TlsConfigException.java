package dev.netkit.tls;

/**
 * A TLS setting that cannot be used: a missing or unreadable file, a file without the expected
 * PEM block, an encrypted key, a key that does not belong to its certificate, an expired
 * certificate, a wrong PKCS#12 password. The message names the file and says what to do, and is
 * meant to be shown to a user as it is (one line, no stack trace needed).
 *
 * <p>An {@link IllegalArgumentException}, as for every bad configuration in netkit: it is thrown
 * while a server or client is being configured, before any connection exists.
 */
public final class TlsConfigException extends IllegalArgumentException {

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
