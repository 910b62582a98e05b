package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.services.EchoService;
import dev.netkit.tls.ServerTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS from the command line: cert, serve --tls against openssl s_client, connect --tls. */
class TlsCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void certWritesAPairThatServeAndConnectUseWithVerification(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        ConnectCommandTest.Run made = ConnectCommandTest.Run.of("", "cert", "--host", "localhost",
                "--cert", cert.toString(), "--key", key.toString());
        assertThat(made.exitCode()).isZero();
        assertThat(made.out()).contains("SHA-256 fingerprint");
        assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----");
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .tls(ServerTls.fromPem(cert, key)).handler(new EchoService()).start()) {
            String port = String.valueOf(server.port());
            ConnectCommandTest.Run ok = ConnectCommandTest.Run.of("secret\n", "connect", "--tls", "--ca", cert.toString(),
                    "localhost", port);
            assertThat(ok.exitCode()).isZero();
            assertThat(ok.out()).isEqualTo("Welcome to echo server!\nEcho: secret\n");

            ConnectCommandTest.Run untrusted = ConnectCommandTest.Run.of("", "connect", "--tls", "localhost", port);
            assertThat(untrusted.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(untrusted.err()).startsWith("netkit: untrusted issuer").doesNotContain("\tat ");
            assertThat(untrusted.err().lines()).hasSize(1);

            ConnectCommandTest.Run wrongName = ConnectCommandTest.Run.of("", "connect", "--tls", "--ca", cert.toString(),
                    "--servername", "other.example", "localhost", port);
            assertThat(wrongName.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(wrongName.err()).startsWith("netkit: host name mismatch");

            ConnectCommandTest.Run insecure = ConnectCommandTest.Run.of("", "connect", "--tls", "--insecure", "localhost", port);
            assertThat(insecure.exitCode()).isZero();
            assertThat(insecure.out()).isEqualTo("Welcome to echo server!\n");
        }
    }

    @Test
    void serveEchoTlsAnswersOpensslSClientAndRefusesTls11(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        assertThat(ConnectCommandTest.Run.of("", "cert", "--cert", cert.toString(), "--key", key.toString()).exitCode()).isZero();
        // s_client keeps reading after its input ends (-quiet implies -ign_eof): the server's idle
        // timeout is what ends each session. It also runs during the handshake, whose first one in
        // a fresh JVM on a busy machine can take over a second: 3 s leaves room for it.
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--idle-timeout", "3s", "--tls", "--cert", cert.toString(), "--key", key.toString())) {
            int port = echo.awaitPort();
            for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
                String out = ExternalTool.run("hello tls\n", WAIT, "openssl", "s_client", "-quiet",
                        version, "-verify_return_error", "-CAfile", cert.toString(), "-servername", "localhost",
                        "-connect", "127.0.0.1:" + port);
                assertThat(out).as(version).contains("Welcome to echo server!\nEcho: hello tls\n");
            }
            String refused = ExternalTool.run("", WAIT, "openssl", "s_client", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0",
                    "-connect", "127.0.0.1:" + port);
            assertThat(refused).doesNotContain("Welcome to echo server!");
        }
    }

    @Test
    void serveTlsWithoutACertificateMakesOneAndLogsItsFingerprint() throws Exception {
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--raw", "--host", "127.0.0.1", "--port", "0", "--tls")) {
            assertThat(echo.awaitErr("fingerprint", WAIT)).containsPattern("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            int port = echo.awaitPort();
            ConnectCommandTest.Run run = ConnectCommandTest.Run.of("over tls\n", "connect", "--tls", "--insecure",
                    "127.0.0.1", String.valueOf(port));
            assertThat(run.out()).isEqualTo("over tls\n");
        }
    }

    @Test
    void tlsOptionsWithoutTlsAreAUsageError() throws Exception {
        ConnectCommandTest.Run run = ConnectCommandTest.Run.of("", "connect", "--insecure", "localhost", "1");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("netkit connect: --insecure needs --tls\n");
    }

    @Test
    void ncatVerifiesServeTls(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        assertThat(ConnectCommandTest.Run.of("", "cert", "--cert", cert.toString(), "--key", key.toString()).exitCode()).isZero();
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--tls", "--cert", cert.toString(), "--key", key.toString())) {
            int port = echo.awaitPort();
            // ncat half-closes when its input ends, and the echo service then finishes.
            assertThat(ExternalTool.run("through ncat\n", WAIT, "ncat", "--ssl", "--ssl-verify",
                    "--ssl-trustfile", cert.toString(), "localhost", String.valueOf(port)))
                    .isEqualTo("Welcome to echo server!\nEcho: through ncat\n");
        }
    }

    @Test
    void chatServesOverTls() throws Exception {
        try (NetkitProcess chat = NetkitProcess.start("serve", "chat", "--host", "127.0.0.1", "--port", "0", "--tls")) {
            int port = chat.awaitPort();
            dev.netkit.tls.ClientTls insecure = dev.netkit.tls.ClientTls.builder().insecure().build();
            try (dev.netkit.Connection alice = dev.netkit.Client.connect(Endpoint.tcp("127.0.0.1", port), insecure);
                 dev.netkit.Connection bob = dev.netkit.Client.connect(Endpoint.tcp("127.0.0.1", port), insecure)) {
                java.util.Iterator<String> aliceHears = alice.lines().iterator();
                assertThat(aliceHears.next()).contains("Welcome");
                java.util.Iterator<String> bobHears = bob.lines().iterator();
                assertThat(bobHears.next()).contains("Welcome");
                bob.send("hello over tls\n");
                String line;
                do {
                    line = aliceHears.next();
                } while (!line.contains("hello over tls"));
                assertThat(line).matches("guest-\\d+: hello over tls");
            }
        }
    }
}
