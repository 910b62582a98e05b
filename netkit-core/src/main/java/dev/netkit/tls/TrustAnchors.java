package dev.netkit.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Trust managers from a PEM bundle of CA certificates or from the JDK's own store. */
final class TrustAnchors {

    private TrustAnchors() {
    }

    /** Trusts the certificates of a PEM bundle (one or more {@code CERTIFICATE} blocks). */
    static X509ExtendedTrustManager fromPem(Path bundle) {
        List<X509Certificate> certificates = PemFile.read(bundle).certificates();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return of(store);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException("cannot use the CA certificates in " + bundle + ": " + e.getMessage(), e);
        }
    }

    /** The JDK's trust store (its cacerts, or what {@code javax.net.ssl.trustStore} names). */
    static X509ExtendedTrustManager system() {
        try {
            return of(null);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot load the system trust store: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager of(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
