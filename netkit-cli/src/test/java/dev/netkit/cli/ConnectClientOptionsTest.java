package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.cli.ConnectCommandTest.Run;
import dev.netkit.cli.tls.SelfSigned;
import dev.netkit.services.EchoService;
import dev.netkit.tls.ServerTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code connect -z}, {@code -x}, {@code -v} with TLS, {@code --source} and {@code -i}, against real peers. */
class ConnectClientOptionsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Server echo() throws Exception {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start();
    }

    @Test
    void scanReportsAnOpenPortInNcsWordsAndClosedOnesWithVerbose() throws Exception {
        int closed = ToolDaemon.freePort();
        try (Server server = echo()) {
            int open = server.port();
            Run run = Run.of("", "connect", "-z", "-v", "127.0.0.1", closed + "," + open + "-" + open);
            assertThat(run.exitCode()).isZero();
            String ncSays = ExternalTool.run("", WAIT, "nc", "-zv", "127.0.0.1", String.valueOf(open));
            assertThat(run.out()).isEqualTo(ncSays); // "Connection to 127.0.0.1 P port [tcp/*] succeeded!"
            assertThat(run.err()).isEqualTo("netkit: connect to 127.0.0.1 port " + closed + " (tcp) failed: Connection refused\n");

            Run quiet = Run.of("", "connect", "-z", "127.0.0.1", closed + "," + open);
            assertThat(quiet.exitCode()).isZero();
            assertThat(quiet.out()).isEqualTo(ncSays);
            assertThat(quiet.err()).isEmpty();
        }
    }

    @Test
    void aRangeLongerThanTheBoundInFlightIsReportedInOrder() throws Exception {
        try (Server server = echo()) {
            int open = server.port();
            int first = Math.max(1025, open - 150);
            int last = Math.min(65_535, first + 3 * PortScan.IN_FLIGHT);
            Run run = Run.of("", "connect", "-z", "--timeout", "2s", "127.0.0.1", first + "-" + last);
            assertThat(run.exitCode()).isZero();
            // Other programs may listen in the range too: each line is nc's, in port order, ours among them.
            java.util.List<Integer> reported = run.out().lines()
                    .map(line -> line.replaceFirst("^Connection to 127\\.0\\.0\\.1 (\\d+) port \\[tcp/[^\\]]+\\] succeeded!$", "$1"))
                    .map(Integer::parseInt).toList();
            assertThat(reported).contains(open).isSorted();
        }
    }

    @Test
    void scanExitsOneWhenNoPortAnswersAsNcDoes() throws Exception {
        int closed = ToolDaemon.freePort();
        Run run = Run.of("", "connect", "-z", "127.0.0.1", String.valueOf(closed));
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("netkit: no port answered at 127.0.0.1 (1 tried)\n");
    }

    @Test
    void aListOfPortsWithoutScanIsAUsageError() throws Exception {
        Run run = Run.of("", "connect", "localhost", "20-25");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("netkit connect: PORT must be one port (a list or range is for -z)\n");
        assertThat(Run.of("", "connect", "-z", "localhost", "25-20").err())
                .startsWith("netkit connect: Invalid value for positional parameter at index 1 (PORT): '25-20' is not a range");
        assertThat(Run.of("", "connect", "-z", "--unix", "/nowhere").err())
                .startsWith("netkit connect: -z and --unix do not go together");
    }

    @Test
    void hexDumpWritesBothDirectionsAsNcatDoes(@TempDir Path dir) throws Exception {
        // One chunk each way: a line in, then a 40-byte answer in one write, then the server closes.
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> {
            String line = c.lines().iterator().next();
            c.send("you said " + line + ", I say goodbye.\r\n\u0001");
        }).start()) {
            String port = String.valueOf(server.port());
            Path ours = dir.resolve("netkit.hex");
            Path ncats = dir.resolve("ncat.hex");
            Run run = Run.of("hello there\n", "connect", "-x", ours.toString(), "127.0.0.1", port);
            assertThat(run.exitCode()).isZero();
            ExternalTool.run("hello there\n", WAIT, "ncat", "--hex-dump", ncats.toString(), "127.0.0.1", port);
            assertThat(Files.readString(ours, StandardCharsets.US_ASCII)).isEqualTo(Files.readString(ncats, StandardCharsets.US_ASCII))
                    .startsWith("0000   68 65 6c 6c 6f 20 74 68  65 72 65 0a              hello.there.    \n")
                    .endsWith("0020   62 79 65 2e 0d 0a 01                              bye....         \n");
        }
    }

    @Test
    void verboseTlsPrintsVersionCipherSubjectAndTheFingerprintOpensslComputes(@TempDir Path dir) throws Exception {
        SelfSigned pair = SelfSigned.forLocalhost();
        Path cert = dir.resolve("cert.pem");
        pair.writePem(cert, dir.resolve("key.pem"));
        String openssl = ExternalTool.run("", WAIT, "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", cert.toString());
        String fingerprint = openssl.strip().substring(openssl.indexOf('=') + 1);
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .tls(ServerTls.builder(pair.keyMaterial()).build()).handler(new EchoService()).start()) {
            Run run = Run.of("", "connect", "--tls", "--ca", cert.toString(), "-v", "localhost", String.valueOf(server.port()));
            assertThat(run.exitCode()).isZero();
            assertThat(run.err().lines()).containsExactly(
                    "Connected to localhost:" + server.port(),
                    "TLS version TLSv1.3",
                    run.err().lines().filter(l -> l.startsWith("Cipher suite TLS_")).findFirst().orElse("Cipher suite ?"),
                    "Peer certificate subject CN=localhost",
                    "SHA-256 fingerprint " + fingerprint,
                    "Connection closed");
            assertThat(fingerprint).isEqualTo(pair.sha256Fingerprint());
        }
    }

    @Test
    void sourceBindsTheLocalAddressAndPort() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> c.send(((InetSocketAddress) c.remoteAddress()).getAddress().getHostAddress() + " "
                        + ((InetSocketAddress) c.remoteAddress()).getPort() + "\n")).start()) {
            String port = String.valueOf(server.port());
            Run any = Run.of("", "connect", "--source", "127.0.0.2", "127.0.0.1", port);
            assertThat(any.exitCode()).isZero();
            assertThat(any.out()).startsWith("127.0.0.2 ");
            for (int attempt = 0; ; attempt++) {
                int sourcePort = ToolDaemon.freePort();
                Run fixed = Run.of("", "connect", "--source", "127.0.0.1:" + sourcePort, "127.0.0.1", port);
                if (fixed.err().startsWith("netkit: cannot connect from") && attempt < 3) {
                    continue; // another process took the source port meanwhile
                }
                assertThat(fixed.out()).isEqualTo("127.0.0.1 " + sourcePort + "\n");
                break;
            }
        }
        assertThat(Run.of("", "connect", "--source", "127.0.0.1", "--unix", "/nowhere").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aSourceAddressThatIsNotLocalIsOneLine() throws Exception {
        try (Server server = echo()) {
            Run run = Run.of("", "connect", "--source", "192.0.2.77", "127.0.0.1", String.valueOf(server.port()));
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).startsWith("netkit: cannot connect from 192.0.2.77:0: ");
            assertThat(run.err().lines()).hasSize(1);
        }
    }

    @Test
    void dashIIsTheIdleTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> release.await(20, TimeUnit.SECONDS)).start()) {
            Run run = Run.of("", "connect", "-i", "300ms", "127.0.0.1", String.valueOf(server.port()));
            release.countDown();
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).isEqualTo("netkit: no data for 300ms, closing\n");
        }
    }
}
