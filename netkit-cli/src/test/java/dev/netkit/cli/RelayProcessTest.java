package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.proxy.ProxyProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static dev.netkit.testing.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netkit relay} as a process, each of the README's uses driven by the real tools: a port
 * forward used by nc, a Unix socket exposed on TCP and back, sixteen mebibytes both ways from TCP
 * to a Unix socket on epoll, a TLS terminator in front of a plain echo (openssl s_client and
 * {@code netkit connect --tls}), a UDP-to-TCP bridge used by {@code nc -u}, and a program per
 * connection.
 */
class RelayProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> EPOLL = List.of("--enable-native-access=ALL-UNNAMED");

    @Test
    void aPortForwardCarriesNcToAnEchoAndBackConnectionAfterConnection() throws Exception {
        try (Server echo = RelayCommandTest.rawEcho(Endpoint.tcp("127.0.0.1", 0), null);
             NetkitProcess relay = NetkitProcess.start("relay", "tcp-listen:127.0.0.1:0", "tcp:127.0.0.1:" + echo.port())) {
            int port = relay.awaitPort();
            for (int i = 0; i < 2; i++) {
                assertThat(ExternalTool.run("hello\nworld " + i + "\n", WAIT, "nc", "-N", "-w", "10", "127.0.0.1",
                        String.valueOf(port))).isEqualTo("hello\nworld " + i + "\n");
            }
            relay.terminate();
            assertThat(relay.awaitExit(WAIT)).isZero();
        }
    }

    @Test
    void aBackendWithProxyProtocolLearnsEachPeersOwnAddress() throws Exception {
        for (String version : List.of("v1", "v2")) {
            try (Server backend = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                    .proxyProtocol(ProxyProtocol.fromLoopback())
                    .handler(c -> c.send("you are " + c.remoteAddress() + "\n"))
                    .start();
                 NetkitProcess relay = NetkitProcess.start("relay", "tcp-listen:127.0.0.1:0",
                         "tcp:127.0.0.1:" + backend.port() + ",proxy-protocol=" + version)) {
                int port = relay.awaitPort();
                for (int attempt = 0; ; attempt++) {
                    int source = freePort();
                    String got = ExternalTool.run("", WAIT, "nc", "-N", "-w", "10", "-p", String.valueOf(source),
                            "127.0.0.1", String.valueOf(port));
                    if (got.contains("bind failed") && attempt < 3) {
                        continue; // another process took the source port meanwhile
                    }
                    assertThat(got).as(version).isEqualTo("you are /127.0.0.1:" + source + "\n");
                    break;
                }
                relay.terminate();
                assertThat(relay.awaitExit(WAIT)).isZero();
            }
        }
    }

    @Test
    void sixteenMebibytesGoFromTcpToAUnixSocketAndBackByteForByteOnEpoll(@TempDir Path dir) throws Exception {
        byte[] data = new byte[16 * 1024 * 1024];
        new SplittableRandom(18).nextBytes(data);
        Path sent = Files.write(dir.resolve("sent.bin"), data);
        Path back = dir.resolve("back.bin");
        Path socket = dir.resolve("backend.sock");
        try (Server echo = RelayCommandTest.rawEcho(Endpoint.unix(socket), null);
             NetkitProcess relay = NetkitProcess.start(EPOLL, "relay", "--transport", "epoll",
                     "tcp-listen:127.0.0.1:0", "unix:" + socket)) {
            int port = relay.awaitPort();
            assertThat(relay.awaitErr("listening on", WAIT)).contains("transport epoll");
            // nc sends the file, half-closes, and prints what comes back until the relay closes.
            ExternalTool.run("", WAIT, "sh", "-c", "nc -N 127.0.0.1 " + port + " < '" + sent + "' > '" + back + "'");
            assertThat(Files.mismatch(sent, back)).isEqualTo(-1L);
            assertThat(relay.awaitErr("closed 127.0.0.1:", WAIT)).contains("16777216 B in, 16777216 B out");
        }
    }

    @Test
    void aUnixSocketExposedOnTcpAndBackOnAUnixSocketAnswersNc(@TempDir Path dir) throws Exception {
        Path inner = dir.resolve("inner.sock");
        Path outer = dir.resolve("outer.sock");
        try (Server echo = RelayCommandTest.rawEcho(Endpoint.unix(inner), null);
             NetkitProcess onTcp = NetkitProcess.start("relay", "tcp-listen:127.0.0.1:0", "unix:" + inner)) {
            int port = onTcp.awaitPort();
            try (NetkitProcess onUnix = NetkitProcess.start("relay", "unix-listen:" + outer, "tcp:127.0.0.1:" + port)) {
                onUnix.awaitErr("listening on", WAIT);
                assertThat(ExternalTool.run("through two relays\n", WAIT, "nc", "-N", "-w", "10", "-U", outer.toString()))
                        .isEqualTo("through two relays\n");
            }
        }
    }

    @Test
    void aTlsTerminatorAnswersOpensslAndNetkitConnectInFrontOfAPlainEcho(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        assertThat(ConnectCommandTest.Run.of("", "cert", "--host", "localhost", "--cert", cert.toString(),
                "--key", key.toString()).exitCode()).isZero();
        // s_client keeps reading after its input ends (-quiet implies -ign_eof): the relay's idle
        // timeout is what ends its session.
        try (Server echo = RelayCommandTest.rawEcho(Endpoint.tcp("127.0.0.1", 0), null);
             NetkitProcess relay = NetkitProcess.start("relay", "--idle-timeout", "3s",
                     "tls-listen:0,cert=" + cert + ",key=" + key, "tcp:127.0.0.1:" + echo.port())) {
            int port = relay.awaitPort();
            String out = ExternalTool.run("hello tls\n", WAIT, "openssl", "s_client", "-quiet", "-tls1_3",
                    "-verify_return_error", "-CAfile", cert.toString(), "-servername", "localhost",
                    "-connect", "127.0.0.1:" + port);
            assertThat(out).contains("hello tls\n");
            // The JDK's client half-closes (close_notify) at the end of its input: that end goes
            // through to the echo, whose end comes back.
            ConnectCommandTest.Run run = ConnectCommandTest.Run.of("secret\n", "connect", "--tls", "--ca", cert.toString(),
                    "localhost", String.valueOf(port));
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("secret\n");
        }
    }

    @Test
    void aUdpToTcpBridgeAnswersEachNcSenderThroughARelayOfItsOwn() throws Exception {
        try (Server echo = RelayCommandTest.rawEcho(Endpoint.tcp("127.0.0.1", 0), null);
             NetkitProcess relay = NetkitProcess.start("relay", "udp-listen:127.0.0.1:0,idle-timeout=2s",
                     "tcp:127.0.0.1:" + echo.port())) {
            int port = relay.awaitPort();
            for (int i = 0; i < 2; i++) {
                // nc -u ends 2 s after its input, with what came back printed.
                assertThat(ExternalTool.run("datagram " + i + "\n", WAIT, "nc", "-u", "-w", "2", "127.0.0.1",
                        String.valueOf(port))).isEqualTo("datagram " + i + "\n");
            }
        }
    }

    @Test
    void execRunsAProgramPerConnectionWithTheSocketOnItsStdinAndStdout() throws Exception {
        try (NetkitProcess relay = NetkitProcess.start("relay", "tcp-listen:127.0.0.1:0", "exec:cat")) {
            int port = relay.awaitPort();
            for (int i = 0; i < 2; i++) {
                assertThat(ExternalTool.run("through cat " + i + "\n", WAIT, "nc", "-N", "-w", "10", "127.0.0.1",
                        String.valueOf(port))).isEqualTo("through cat " + i + "\n");
            }
        }
    }
}
