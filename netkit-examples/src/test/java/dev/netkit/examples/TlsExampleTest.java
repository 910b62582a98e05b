package dev.netkit.examples;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TlsExampleTest {

    /** The key pair the Node.js tour's example reads, made by the real openssl as the class doc says. */
    private static void openssl(Path dir, String commonName, String... names) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", names[0], "-out", names[1], "-days", "1", "-subj", "/CN=" + commonName,
                "-addext", "subjectAltName=DNS:" + commonName)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(p.exitValue()).as("openssl exit code").isZero();
    }

    @Test
    void theClientVerifiesTheServerAndHearsItsGreeting(@TempDir Path dir) throws Exception {
        openssl(dir, "localhost", "server-key.pem", "server-cert.pem");
        try (Server server = TlsExample.start(Endpoint.tcp("127.0.0.1", 0),
                dir.resolve("server-cert.pem"), dir.resolve("server-key.pem"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = TlsExample.connect(Endpoint.tcp("localhost", server.port()), dir.resolve("server-cert.pem"),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Connected securely\nSecure connection established\n");
        }
    }

    @Test
    void aServerWithSomeoneElsesCertificateIsNotTrusted(@TempDir Path dir) throws Exception {
        openssl(dir, "localhost", "server-key.pem", "server-cert.pem");
        openssl(dir, "localhost", "other-key.pem", "other-cert.pem");
        try (Server server = TlsExample.start(Endpoint.tcp("127.0.0.1", 0),
                dir.resolve("server-cert.pem"), dir.resolve("server-key.pem"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = TlsExample.connect(Endpoint.tcp("localhost", server.port()), dir.resolve("other-cert.pem"),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Not secure: untrusted issuer");
        }
    }
}
