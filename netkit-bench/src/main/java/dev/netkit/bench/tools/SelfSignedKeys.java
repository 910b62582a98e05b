package dev.netkit.bench.tools;

import dev.netkit.tls.ClientTls;
import dev.netkit.tls.KeyMaterial;
import dev.netkit.tls.ServerTls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway key and self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made
 * with the JDK's own {@code keytool} (the JDK has no public API that builds a certificate): for
 * measurements and tests on one machine, never for a server anyone else talks to. The server
 * side uses the key; the client side trusts this one certificate and verifies the host name.
 */
public final class SelfSignedKeys {

    private static final String PASSWORD = "netkit-bench";

    private final KeyMaterial keyMaterial;
    private final Path certificate;

    private SelfSignedKeys(KeyMaterial keyMaterial, Path certificate) {
        this.keyMaterial = keyMaterial;
        this.certificate = certificate;
    }

    /**
     * Makes a new EC P-256 key and a certificate valid for two days, as {@code localhost.p12}
     * (PKCS#12) and {@code localhost-cert.pem} in {@code dir}.
     *
     * @param dir an existing directory of one's own
     * @return the keys
     * @throws IOException          when keytool cannot run or fails
     * @throws InterruptedException when interrupted while keytool runs
     */
    public static SelfSignedKeys create(Path dir) throws IOException, InterruptedException {
        Path store = dir.resolve("localhost.p12");
        keytool("-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD);
        KeyMaterial keyMaterial = KeyMaterial.fromPkcs12(store, PASSWORD.toCharArray());
        Path certificate = dir.resolve("localhost-cert.pem");
        Files.writeString(certificate, pem(keyMaterial), StandardCharsets.US_ASCII);
        return new SelfSignedKeys(keyMaterial, certificate);
    }

    /**
     * The server's side.
     *
     * @return settings that present the certificate
     */
    public ServerTls serverTls() {
        return ServerTls.builder(keyMaterial).build();
    }

    /**
     * A client's side.
     *
     * @return settings that trust this certificate alone, each call a new client context
     */
    public ClientTls clientTls() {
        return ClientTls.builder().trust(certificate).build();
    }

    private static String pem(KeyMaterial keyMaterial) throws IOException {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keyMaterial.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode the certificate keytool made", e);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroy();
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8).strip());
        }
    }
}
