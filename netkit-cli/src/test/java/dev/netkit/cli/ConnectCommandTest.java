package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.services.EchoService;
import dev.netkit.udp.UdpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectCommandTest {

    /** One run of the CLI with piped streams. */
    record Run(int exitCode, String out, String err) {
        static Run of(String stdin, String... args) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = CompletableFuture.supplyAsync(() -> Main.run(
                            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8), args))
                    .get(20, TimeUnit.SECONDS);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void relaysBothWaysHalfClosesAtEndOfInputAndExitsZeroWhenTheServerCloses() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(new EchoService()).start()) {
            Run run = Run.of("one\ntwo\n", "connect", "127.0.0.1", String.valueOf(server.port()), "--verbose");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("Welcome to echo server!\nEcho: one\nEcho: two\n");
            assertThat(run.err()).isEqualTo("Connected to 127.0.0.1:" + server.port() + "\nConnection closed\n");
        }
    }

    @Test
    void crlfTurnsLineFeedsIntoCrLf() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start()) {
            Run run = Run.of("a\nb\r\n", "connect", "--crlf", "127.0.0.1", String.valueOf(server.port()));
            assertThat(run.out()).isEqualTo("a\r\nb\r\n");
        }
    }

    @Test
    void relaysOverAUnixSocket(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        try (Server server = Server.builder().listen(Endpoint.unix(path)).handler(EchoService.raw()).start()) {
            Run run = Run.of("binary\u0000\u00ff", "connect", "--unix", path.toString());
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("binary\u0000\u00ff");
        }
    }

    @Test
    void aRefusedConnectionIsOneLineAndExitCodeOne() throws Exception {
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Run run = Run.of("", "connect", "127.0.0.1", String.valueOf(port));
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).isEqualTo("netkit: connection refused: 127.0.0.1:" + port + "\n");
    }

    @Test
    void anUnknownHostIsOneLine() throws Exception {
        Run run = Run.of("", "connect", "no-such-host.invalid", "80");
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).isEqualTo("netkit: unknown host: no-such-host.invalid\n");
    }

    @Test
    void aMissingPortIsAUsageError() throws Exception {
        Run run = Run.of("", "connect", "localhost");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("netkit connect: Missing PORT\nTry 'netkit connect --help' for more information.\n");
    }

    @Test
    void helpAndVersionWork() throws Exception {
        Run help = Run.of("", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve", "connect");
        assertThat(Run.of("", "--version").out()).startsWith("netkit ");
    }

    @Test
    void udpSendsEachLineAsADatagramAndPrintsTheReplies() throws Exception {
        try (UdpServer server = UdpServer.builder().bind(new InetSocketAddress("127.0.0.1", 0))
                .handler((datagram, reply) -> reply.send(datagram.text().toUpperCase(java.util.Locale.ROOT))).start()) {
            Run run = Run.of("one\ntwo\n", "connect", "--udp", "--timeout", "500ms", "127.0.0.1", String.valueOf(server.port()));
            assertThat(run.exitCode()).isZero();
            // Each datagram has a handler thread of its own, so the replies may come back in either order.
            assertThat(run.out()).endsWith("\n");
            assertThat(run.out().lines()).containsExactlyInAnyOrder("ONE", "TWO");
        }
    }
}
