package dev.netkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * A private key and the certificate chain that goes with it (the end-entity certificate first):
 * what a server, or a client doing mutual TLS, presents. The loaders check what a TLS peer would
 * otherwise reject later with a vaguer message: the key belongs to the certificate, and the
 * certificate is valid now.
 *
 * @param privateKey the key
 * @param chain      the certificates, end-entity first, never empty
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {

    public KeyMaterial {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least one certificate");
        }
    }

    /**
     * Reads a certificate chain (one or more {@code CERTIFICATE} blocks) and its private key
     * ({@code PRIVATE KEY}, {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY}, unencrypted) from
     * PEM files, as openssl writes them. The two paths may name the same file.
     *
     * @throws TlsConfigException naming the file: missing, no certificate or key in it, encrypted
     *         key, key not matching the certificate, certificate expired or not yet valid
     */
    public static KeyMaterial fromPem(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = PemFile.read(certificateFile).certificates();
        PemFile keyPem = PemFile.read(keyFile);
        PrivateKey key = PrivateKeys.decode(keyPem.privateKeyBlock(), chain.getFirst().getPublicKey().getAlgorithm(),
                keyFile.toString());
        return checked(key, chain, certificateFile.toString(), keyFile.toString());
    }

    /**
     * Reads the first key entry of a PKCS#12 file ({@code openssl pkcs12 -export}).
     *
     * @throws TlsConfigException naming the file: missing, wrong password, no key entry, expired
     */
    public static KeyMaterial fromPkcs12(Path file, char[] password) {
        Objects.requireNonNull(password, "password");
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException("no such file: " + file);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsConfigException("cannot open " + file + ": wrong password", e);
            }
            throw new TlsConfigException("cannot read " + file + " as PKCS#12: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot read " + file + " as PKCS#12: " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, password) instanceof PrivateKey key) {
                    Certificate[] certificates = store.getCertificateChain(alias);
                    if (certificates == null || certificates.length == 0) {
                        throw new TlsConfigException("the key in " + file + " has no certificate");
                    }
                    List<X509Certificate> chain = Arrays.stream(certificates).map(X509Certificate.class::cast).toList();
                    return checked(key, chain, file.toString(), file.toString());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot read the key in " + file + ": " + e.getMessage(), e);
        }
        throw new TlsConfigException("no private key in " + file);
    }

    /** Key material made in memory (a generated development certificate), checked as the loaders check. */
    public static KeyMaterial of(PrivateKey privateKey, List<X509Certificate> chain) {
        return checked(privateKey, List.copyOf(chain), "the given certificate", "the given key");
    }

    /** The end-entity certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    private static KeyMaterial checked(PrivateKey key, List<X509Certificate> chain, String certSource, String keySource) {
        X509Certificate leaf = chain.getFirst();
        if (!PrivateKeys.matches(key, leaf.getPublicKey())) {
            throw new TlsConfigException("the private key in " + keySource + " does not belong to the certificate in "
                    + certSource + " (" + leaf.getSubjectX500Principal().getName() + ")");
        }
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new TlsConfigException("the certificate in " + certSource + " expired on "
                    + leaf.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new TlsConfigException("the certificate in " + certSource + " is not valid before "
                    + leaf.getNotBefore().toInstant(), e);
        }
        return new KeyMaterial(key, chain);
    }

    /** Key managers presenting this key and chain. */
    KeyManager[] keyManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("netkit", privateKey, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsConfigException("cannot use the key: " + e.getMessage(), e);
        }
    }
}
