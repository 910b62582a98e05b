package dev.netkit.tls;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Turns the private key formats openssl writes into {@link PrivateKey}s. The JDK reads PKCS#8
 * only, so the two older formats are wrapped into PKCS#8 here, with a few bytes of DER:
 *
 * <pre>
 * PKCS#8 PrivateKeyInfo ::= SEQUENCE {
 *     version             INTEGER 0,
 *     algorithm           SEQUENCE { OID, parameters },
 *     privateKey          OCTET STRING }          -- holds the PKCS#1 or SEC1 structure as it is
 *
 * PKCS#1 (RSA PRIVATE KEY): algorithm = { 1.2.840.113549.1.1.1 rsaEncryption, NULL }
 * SEC1 (EC PRIVATE KEY) ::= SEQUENCE { version 1, privateKey OCTET STRING,
 *                                      [0] curve OID, [1] public key BIT STRING }
 *                       algorithm = { 1.2.840.10045.2.1 ecPublicKey, the curve OID from [0] }
 * </pre>
 */
final class PrivateKeys {

    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private PrivateKeys() {
    }

    /**
     * The key of a PEM block. {@code hint} is the algorithm of the certificate's public key: tried
     * first for PKCS#8, whose algorithm the JDK only learns by trying.
     */
    static PrivateKey decode(PemFile.Block block, String hint, String source) {
        try {
            return switch (block.label()) {
                case "RSA PRIVATE KEY" -> generate("RSA", wrap(RSA_ALGORITHM, block.der()));
                case "EC PRIVATE KEY" -> generate("EC", wrap(ecAlgorithm(block.der(), source), block.der()));
                default -> decodePkcs8(block.der(), hint);
            };
        } catch (TlsConfigException e) {
            throw e;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsConfigException("cannot read the private key in " + source + ": it is not a valid "
                    + block.label() + " block", e);
        }
    }

    private static PrivateKey decodePkcs8(byte[] der, String hint) throws GeneralSecurityException {
        Set<String> algorithms = new LinkedHashSet<>();
        algorithms.add(hint);
        algorithms.add("RSA");
        algorithms.add("EC");
        algorithms.add("EdDSA");
        algorithms.add("RSASSA-PSS");
        GeneralSecurityException last = null;
        for (String algorithm : algorithms) {
            try {
                return generate(algorithm, der);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static PrivateKey generate(String algorithm, byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /**
     * Whether {@code key} is the private half of {@code publicKey}: it signs a random challenge
     * that the public key must verify. That works for every algorithm alike, where comparing key
     * numbers needs code per algorithm.
     */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(isEdDsa(key.getAlgorithm()) && isEdDsa(publicKey.getAlgorithm()))) {
            return false;
        }
        try {
            Signature signer = signature(key.getAlgorithm());
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = signature(key.getAlgorithm());
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean isEdDsa(String algorithm) {
        return algorithm.equals("EdDSA") || algorithm.equals("Ed25519") || algorithm.equals("Ed448");
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "DSA" -> Signature.getInstance("SHA256withDSA");
            case "RSASSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            default -> Signature.getInstance(isEdDsa(keyAlgorithm) ? "EdDSA" : keyAlgorithm);
        };
    }

    /** The PKCS#8 algorithm identifier for a SEC1 key: ecPublicKey and the curve named in its [0] field. */
    private static byte[] ecAlgorithm(byte[] sec1, String source) {
        int[] outer = header(sec1, 0);
        int p = outer[0];
        int end = outer[0] + outer[1];
        while (p < end) {
            int tag = sec1[p] & 0xff;
            int[] field = header(sec1, p);
            if (tag == 0xa0) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                content.writeBytes(EC_PUBLIC_KEY_OID);
                content.write(sec1, field[0], field[1]);
                return tlv(0x30, content.toByteArray());
            }
            p = field[0] + field[1];
        }
        throw new TlsConfigException("the EC key in " + source + " does not name its curve; "
                + "convert it with: openssl pkey -in " + source + " -out key.pem");
    }

    /** PKCS#8 around a key in its own format: version 0, the algorithm, the key as an OCTET STRING. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(algorithm);
        content.writeBytes(tlv(0x04, key));
        return tlv(0x30, content.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** {content offset, content length} of the DER element at {@code p}. */
    private static int[] header(byte[] der, int p) {
        if (p + 2 > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int first = der[p + 1] & 0xff;
        if (first < 0x80) {
            return new int[] {p + 2, first};
        }
        int count = first & 0x7f;
        if (count < 1 || count > 3 || p + 2 + count > der.length) {
            throw new IllegalArgumentException("bad DER length");
        }
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (der[p + 2 + i] & 0xff);
        }
        if (p + 2 + count + length > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new int[] {p + 2 + count, length};
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
