package dev.netkit.cli.tls;

import dev.netkit.tls.KeyMaterial;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * A self-signed certificate for development: {@code netkit cert} writes one, and {@code serve --tls}
 * without a certificate makes one in memory. EC P-256, SHA-256 with ECDSA, the host name as common
 * name and subject alternative name ({@code localhost} also gets 127.0.0.1 and ::1), usable by
 * servers and clients, not a CA.
 *
 * <p>BouncyCastle builds the certificate (the JDK has no public API for that); the key pair and
 * the signature come from the JDK's own providers, and no provider is registered JVM-wide.
 *
 * @param certificate the certificate
 * @param privateKey  its key
 */
public record SelfSigned(X509Certificate certificate, PrivateKey privateKey) {

    /** How long a generated certificate is valid by default. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    public SelfSigned {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** A certificate for {@code localhost} valid for {@link #DEFAULT_VALIDITY}. */
    public static SelfSigned forLocalhost() {
        return generate("localhost", DEFAULT_VALIDITY);
    }

    /**
     * A certificate for {@code host}: a DNS name, or an IP address literal.
     *
     * @throws IllegalArgumentException when {@code host} is blank or {@code validity} not positive
     */
    public static SelfSigned generate(String host, Duration validity) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(validity, "validity");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build();
            // An hour back, so that a peer whose clock is a little behind accepts it at once.
            Instant notBefore = Instant.now().minus(Duration.ofHours(1));
            Instant notAfter = Instant.now().plus(validity);
            BigInteger serial = new BigInteger(127, new SecureRandom());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(notBefore), Date.from(notAfter), name, pair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(host));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new SelfSigned(certificate, pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(String host) {
        List<GeneralName> names = new ArrayList<>();
        boolean address = host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        names.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, host));
        if (host.equalsIgnoreCase("localhost")) {
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    /** The pair as netkit's TLS settings take it. */
    public KeyMaterial keyMaterial() {
        return KeyMaterial.of(privateKey, List.of(certificate));
    }

    /** The certificate as a PEM {@code CERTIFICATE} block. */
    public String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as an unencrypted PKCS#8 PEM {@code PRIVATE KEY} block. */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    /** The SHA-256 fingerprint as openssl prints it: {@code AB:CD:...}, 32 pairs. */
    public String sha256Fingerprint() {
        return Fingerprint.sha256(certificate);
    }

    /**
     * Writes the certificate and the key as PEM files; the key file is readable by its owner only
     * where the file system has POSIX permissions.
     */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
        Files.writeString(certificateFile, certificatePem(), StandardCharsets.US_ASCII);
        Files.deleteIfExists(keyFile);
        if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(keyFile, privateKeyPem(), StandardCharsets.US_ASCII);
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
