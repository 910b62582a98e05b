package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.tls.ServerTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netkit relay} run in this JVM: addresses that are wrong are one-line usage errors naming
 * the address; {@code stdio} to {@code tcp:} and {@code tls:} relays once, half-close included.
 */
class RelayCommandTest {

    @Test
    void aWrongAddressIsAOneLineUsageErrorNamingIt() throws Exception {
        String[][] wrong = {
                {"tcp:localhost", "stdio", "bad address 'tcp:localhost': expected HOST:PORT"},
                {"tcp:localhost:99999", "stdio", "bad address 'tcp:localhost:99999': port 99999 is out of range"},
                {"stdio", "sctp:host:1", "bad address 'sctp:host:1': unknown address type 'sctp:'"},
                {"tls-listen:8443", "tcp:h:1", "bad address 'tls-listen:8443': tls-listen: needs cert=FILE and key=FILE"},
                {"tls:h:1,cert=c.pem", "stdio", "bad address 'tls:h:1,cert=c.pem': tls: cert= and key= go together"},
                {"unix:/x,ca=x", "stdio", "bad address 'unix:/x,ca=x': unknown option ca= (this address takes none)"},
                {"tcp:h:1,ca=x", "stdio", "bad address 'tcp:h:1,ca=x': unknown option ca= (known: proxy-protocol=)"},
                {"tcp:h:1,proxy-protocol=v3", "stdio", "proxy-protocol= must be v1 or v2, not v3"},
                {"udp-listen:53,idle-timeout=soon", "tcp:h:1", "idle-timeout=soon is not a duration"},
                {"exec:", "stdio", "bad address 'exec:': exec: needs a command"},
                {"tcp-listen:1", "unix-listen:/x", "only one of the two addresses may listen"},
                {"stdio", "-", "stdio can be only one of the two addresses"},
                {"udp-listen:53", "stdio", "udp-listen: relays each sender on its own"},
        };
        for (String[] c : wrong) {
            ConnectCommandTest.Run run = ConnectCommandTest.Run.of("", "relay", c[0], c[1]);
            assertThat(run.exitCode()).as(c[0] + " " + c[1]).isEqualTo(ExitCode.USAGE);
            assertThat(run.err().lines().findFirst().orElseThrow()).as(c[0] + " " + c[1])
                    .startsWith("netkit relay: ").contains(c[2]);
            assertThat(run.err().lines()).as(c[0] + " " + c[1]).hasSize(2);
        }
    }

    @Test
    void stdioToTcpSendsStandardInputHalfClosesAndPrintsTheAnswer() throws Exception {
        try (Server echo = rawEcho(Endpoint.tcp("127.0.0.1", 0), null)) {
            ConnectCommandTest.Run run = ConnectCommandTest.Run.of("ping\npong\n", "relay", "stdio",
                    "tcp:127.0.0.1:" + echo.port());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("ping\npong\n");
        }
    }

    @Test
    void stdioToTlsVerifiesTheServerAgainstTheCaOption(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        assertThat(ConnectCommandTest.Run.of("", "cert", "--host", "localhost", "--cert", cert.toString(),
                "--key", key.toString()).exitCode()).isZero();
        try (Server echo = rawEcho(Endpoint.tcp("127.0.0.1", 0), ServerTls.fromPem(cert, key))) {
            ConnectCommandTest.Run run = ConnectCommandTest.Run.of("secret\n", "relay",
                    "tls:localhost:" + echo.port() + ",ca=" + cert, "stdio");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("secret\n");
            ConnectCommandTest.Run untrusted = ConnectCommandTest.Run.of("secret\n", "relay",
                    "tls:localhost:" + echo.port(), "stdio");
            assertThat(untrusted.exitCode()).isEqualTo(ExitCode.FAILURE);
            // (The test's own server logs to the same stderr in this JVM: its lines are left out.)
            assertThat(untrusted.err().lines().filter(line -> line.startsWith("netkit:")))
                    .singleElement().asString().startsWith("netkit: untrusted issuer");
        }
    }

    @Test
    void aBackendThatRefusesIsAOneLineFailure() throws Exception {
        int closed;
        try (Server gone = rawEcho(Endpoint.tcp("127.0.0.1", 0), null)) {
            closed = gone.port();
        }
        ConnectCommandTest.Run run = ConnectCommandTest.Run.of("", "relay", "stdio", "tcp:127.0.0.1:" + closed);
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        // (Servers of this JVM log to the same stderr: their lines are left out.)
        assertThat(run.err().lines().filter(line -> line.startsWith("netkit:")))
                .singleElement().asString().isEqualTo("netkit: connection refused: 127.0.0.1:" + closed);
    }

    /** A raw echo (RFC 862), with TLS when {@code tls} is not null. */
    static Server rawEcho(Endpoint endpoint, ServerTls tls) throws Exception {
        Server.Builder builder = Server.builder().listen(endpoint).handler(c -> c.input().transferTo(c.output()));
        return (tls == null ? builder : builder.tls(tls)).start();
    }
}
