package dev.netkit.cli.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.HexFormat;

/** A certificate's SHA-256 fingerprint as openssl prints it: {@code AB:CD:...}, 32 pairs. */
public final class Fingerprint {

    private Fingerprint() {
    }

    /**
     * The fingerprint of the certificate's DER encoding.
     *
     * @param certificate any certificate
     * @return 32 upper-case hex pairs separated by colons
     */
    public static String sha256(Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
