package dev.netkit.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Keys and certificates made by the real openssl in a test's directory:
 *
 * <pre>
 * ca-cert.pem / ca-key.pem           "netkit test CA", EC P-256
 * server-cert.pem / server-key.pem   localhost, 127.0.0.1, ::1 (signed by the CA; key PKCS#8)
 * other-cert.pem / other-key.pem     other.example (signed by the CA)
 * expired-cert.pem / expired-key.pem localhost, expired yesterday (signed by the CA)
 * client-cert.pem / client-key.pem   "netkit client" (signed by the CA)
 * rogue-ca-cert.pem, rogue-client-*  another CA, and a client certificate it signed
 * </pre>
 *
 * <p>{@link #shared()} is one such set for every test class that only reads it, made once per
 * JVM; a class that writes files beside the keys makes its own with {@link #create}.
 */
final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffff_ffffL);
    private static final String LOCAL_NAMES = "DNS:localhost,IP:127.0.0.1,IP:::1";

    final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** The set that read-only test classes share, made on first use in a folder removed at exit. */
    static TestPki shared() {
        return Shared.PKI;
    }

    private static final class Shared {
        static final TestPki PKI = make();

        private static TestPki make() {
            try {
                Path dir = Files.createTempDirectory("netkit-pki");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                return create(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while making test keys", e);
            }
        }

        private static void delete(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // the temporary folder stays behind
            }
        }
    }

    static TestPki create(Path dir) throws IOException, InterruptedException {
        TestPki pki = new TestPki(dir);
        pki.ca("ca");
        pki.leaf("ca", "server", "localhost", LOCAL_NAMES, "serverAuth", 30);
        pki.leaf("ca", "other", "other.example", "DNS:other.example", "serverAuth", 30);
        pki.leaf("ca", "expired", "localhost", LOCAL_NAMES, "serverAuth", -1);
        pki.leaf("ca", "client", "netkit client", null, "clientAuth", 30);
        pki.ca("rogue-ca");
        pki.leaf("rogue-ca", "rogue-client", "rogue client", null, "clientAuth", 30);
        return pki;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    void ca(String name) throws IOException, InterruptedException {
        OpenSsl.run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + "-key.pem", "-out", name + "-cert.pem", "-days", "30", "-subj", "/CN=netkit " + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    /** A certificate signed by CA {@code ca}; {@code days} -1 makes one that expired yesterday. */
    void leaf(String ca, String name, String commonName, String altNames, String usage, int days)
            throws IOException, InterruptedException {
        OpenSsl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + "-key.pem", "-out", name + ".csr", "-subj", "/CN=" + commonName);
        Files.writeString(dir.resolve(name + ".ext"), (altNames == null ? "" : "subjectAltName=" + altNames + "\n")
                + "extendedKeyUsage=" + usage + "\n");
        OpenSsl.run(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + "-cert.pem", "-CAkey", ca + "-key.pem",
                "-set_serial", String.valueOf(SERIAL.incrementAndGet()), "-days", String.valueOf(days),
                "-extfile", name + ".ext", "-out", name + "-cert.pem");
    }

    ServerTls serverTls() {
        return ServerTls.fromPem(file("server-cert.pem"), file("server-key.pem"));
    }

    ClientTls clientTls() {
        return ClientTls.builder().trust(file("ca-cert.pem")).build();
    }
}
