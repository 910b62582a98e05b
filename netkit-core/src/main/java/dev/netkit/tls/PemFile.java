package dev.netkit.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The blocks of a PEM file (RFC 7468), in file order:
 *
 * <pre>
 * -----BEGIN label-----
 * Proc-Type: 4,ENCRYPTED      (optional RFC 1421 headers, only in old-style encrypted keys)
 * base64 of the DER bytes
 * -----END label-----
 * </pre>
 *
 * Text outside the blocks (openssl's "Bag Attributes", comments) is ignored.
 *
 * @param source what the blocks were read from, for error messages: a file name
 */
record PemFile(String source, List<Block> blocks) {

    /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}...), whether headers mark it encrypted, its DER bytes. */
    record Block(String label, boolean encrypted, byte[] der) {
    }

    static PemFile read(Path file) {
        String text;
        try {
            // ISO-8859-1 maps every byte: a binary (DER) file reads as text without a PEM block
            // and is reported as such, rather than failing to decode.
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException("no such file: " + file);
        } catch (AccessDeniedException e) {
            throw new TlsConfigException("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new TlsConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static PemFile parse(String text, String source) {
        List<Block> blocks = new ArrayList<>();
        String label = null;
        boolean encrypted = false;
        StringBuilder body = new StringBuilder();
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.strip();
            if (label == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    label = line.substring(11, line.length() - 5).strip();
                    encrypted = false;
                    body.setLength(0);
                }
            } else if (line.startsWith("-----END ")) {
                try {
                    blocks.add(new Block(label, encrypted, Base64.getMimeDecoder().decode(body.toString())));
                } catch (IllegalArgumentException e) {
                    throw new TlsConfigException(source + ": the " + label + " block is not valid base64");
                }
                label = null;
            } else if (line.indexOf(':') > 0) {
                // RFC 1421 header: "Proc-Type: 4,ENCRYPTED" marks a key encrypted the old OpenSSL way.
                encrypted |= line.toUpperCase(Locale.ROOT).startsWith("PROC-TYPE:") && line.toUpperCase(Locale.ROOT).contains("ENCRYPTED");
            } else {
                body.append(line);
            }
        }
        if (label != null) {
            throw new TlsConfigException(source + ": the " + label + " block has no END line");
        }
        return new PemFile(source, List.copyOf(blocks));
    }

    /** Every {@code CERTIFICATE} block, in order; at least one. */
    List<X509Certificate> certificates() {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks) {
                if (block.label().equals("CERTIFICATE") || block.label().equals("TRUSTED CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsConfigException(source + ": a CERTIFICATE block is not a valid X.509 certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigException("no certificate in " + source + " (expected a -----BEGIN CERTIFICATE----- block)");
        }
        return certificates;
    }

    /** The first private key block, refusing encrypted ones. */
    Block privateKeyBlock() {
        for (Block block : blocks) {
            switch (block.label()) {
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted();
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    if (block.encrypted()) {
                        throw encrypted();
                    }
                    return block;
                }
                default -> {
                    // certificates or EC PARAMETERS next to the key: not ours to read here
                }
            }
        }
        throw new TlsConfigException("no private key in " + source
                + " (expected a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)");
    }

    private TlsConfigException encrypted() {
        return new TlsConfigException("the private key in " + source + " is encrypted; netkit needs it unencrypted: "
                + "openssl pkey -in " + source + " -out plain-key.pem");
    }
}
