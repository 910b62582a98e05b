package dev.netkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --tls} with a certificate per name, ALPN and {@code --tls-reload}, against the real
 * {@code openssl s_client} and {@code netkit connect}.
 */
class ServeTlsNamesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Writes NAME-cert.pem and NAME-key.pem for host NAME with {@code netkit cert}. */
    private static void cert(Path dir, String name) throws Exception {
        ConnectCommandTest.Run made = ConnectCommandTest.Run.of("", "cert", "--host", name,
                "--cert", dir.resolve(name + "-cert.pem").toString(), "--key", dir.resolve(name + "-key.pem").toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
    }

    /** What {@code openssl s_client} prints of a session with the server on {@code port}. */
    private static String sClient(int port, String... options) throws Exception {
        String[] command = new String[6 + options.length];
        System.arraycopy(new String[] {"openssl", "s_client", "-brief", "-connect", "127.0.0.1:" + port, "-ign_eof"}, 0,
                command, 0, 6);
        System.arraycopy(options, 0, command, 6, options.length);
        return ExternalTool.run("hello\n", WAIT, command);
    }

    @Test
    void eachServerNameGetsItsCertificateAndAlpnIsNegotiated(@TempDir Path dir) throws Exception {
        cert(dir, "a.test");
        cert(dir, "b.test");
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--idle-timeout", "3s", "--tls", "--alpn", "echo/2,echo/1",
                "--cert", dir.resolve("a.test-cert.pem").toString(), "--key", dir.resolve("a.test-key.pem").toString(),
                "--cert", dir.resolve("b.test-cert.pem").toString(), "--key", dir.resolve("b.test-key.pem").toString())) {
            int port = echo.awaitPort();
            assertThat(sClient(port, "-servername", "a.test")).contains("Peer certificate: CN = a.test")
                    .contains("Echo: hello");
            assertThat(sClient(port, "-servername", "b.test")).contains("Peer certificate: CN = b.test")
                    .contains("Echo: hello");
            // Without -brief, s_client says what ALPN agreed on.
            assertThat(ExternalTool.run("hello\n", WAIT, "openssl", "s_client", "-connect", "127.0.0.1:" + port,
                    "-ign_eof", "-servername", "b.test", "-alpn", "echo/1")).contains("ALPN protocol: echo/1")
                    .contains("Echo: hello");
            // No name: the first certificate, the default.
            assertThat(sClient(port, "-noservername")).contains("Peer certificate: CN = a.test");

            ConnectCommandTest.Run connect = ConnectCommandTest.Run.of("hi\n", "connect", "-v", "--tls",
                    "--ca", dir.resolve("b.test-cert.pem").toString(), "--servername", "b.test",
                    "--alpn", "echo/1,echo/2", "127.0.0.1", String.valueOf(port));
            assertThat(connect.exitCode()).as(connect.err()).isZero();
            assertThat(connect.err()).contains("(ALPN protocol echo/2)");
            assertThat(connect.out()).contains("Echo: hi");
        }
    }

    @Test
    void aCertificateDirectoryServesEachPair(@TempDir Path dir) throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        for (String name : new String[] {"a.test", "b.test"}) {
            cert(dir, name);
            Files.move(dir.resolve(name + "-cert.pem"), certs.resolve(name + ".crt"));
            Files.move(dir.resolve(name + "-key.pem"), certs.resolve(name + ".key"));
        }
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--idle-timeout", "3s", "--tls", "--cert-dir", certs.toString())) {
            int port = echo.awaitPort();
            assertThat(sClient(port, "-servername", "b.test")).contains("Peer certificate: CN = b.test");
            assertThat(sClient(port, "-servername", "a.test")).contains("Peer certificate: CN = a.test");
        }
    }

    @Test
    void tlsReloadServesAReplacedCertificateAndKeepsTheOldOneWhenTheNewIsBad(@TempDir Path dir) throws Exception {
        cert(dir, "a.test");
        cert(dir, "b.test");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.copy(dir.resolve("a.test-cert.pem"), cert);
        Files.copy(dir.resolve("a.test-key.pem"), key);
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--idle-timeout", "3s", "--tls", "--tls-reload", "--cert", cert.toString(), "--key", key.toString())) {
            int port = echo.awaitPort();
            assertThat(sClient(port)).contains("Peer certificate: CN = a.test");

            Files.writeString(cert, "not a certificate\n");
            assertThat(echo.awaitErr("cannot be used", WAIT)).contains("keeping the certificate in use");
            assertThat(sClient(port)).contains("Peer certificate: CN = a.test");

            Files.copy(dir.resolve("b.test-cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve("b.test-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
            assertThat(echo.awaitErr("TLS certificate reloaded", WAIT)).contains("CN=b.test");
            assertThat(sClient(port)).contains("Peer certificate: CN = b.test");
        }
    }
}
