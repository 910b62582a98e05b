package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.cli.ConnectCommandTest.Run;
import dev.netkit.services.EchoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code connect --proxy} through real proxies: microsocks (SOCKS5), tinyproxy and ncat (HTTP CONNECT). */
class ConnectProxyTest {

    /** A raw echo server on every interface, so that the proxy may reach "localhost" as ::1 or 127.0.0.1. */
    private static Server echo() throws Exception {
        return Server.builder().listen(Endpoint.tcp(0)).handler(EchoService.raw()).start();
    }

    private static ToolDaemon microsocks(String... extra) throws Exception {
        return ToolDaemon.start(port -> {
            List<String> command = new java.util.ArrayList<>(List.of("microsocks", "-i", "127.0.0.1", "-p", String.valueOf(port)));
            command.addAll(List.of(extra));
            return command;
        });
    }

    /**
     * Sends {@code line} and ends standard input only once it has come back: microsocks, tinyproxy
     * and ncat close both ways when one side ends (they pass no half-close on), so an input that
     * ended at once could cut the echo off.
     */
    private static Run conversation(String line, String... args) throws Exception {
        PipedOutputStream stdin = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(stdin);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args));
        stdin.write(line.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains(line) && !code.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stdin.close();
        return new Run(code.get(20, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void socks5ThroughMicrosocksTheProxyResolvesTheName() throws Exception {
        try (Server server = echo(); ToolDaemon proxy = microsocks()) {
            Run run = conversation("through socks\n", "connect", "-v", "--proxy", "127.0.0.1:" + proxy.port,
                    "localhost", String.valueOf(server.port()));
            assertThat(run.err()).isEqualTo("Connected to localhost:" + server.port() + " through socks5 proxy 127.0.0.1:"
                    + proxy.port + "\nConnection closed\n");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("through socks\n");
        }
    }

    @Test
    void aNameOnlyTheProxyCouldResolveIsSentToIt() throws Exception {
        // Were the name looked up here, this would be "unknown host"; the proxy's answer shows it went there.
        try (ToolDaemon proxy = microsocks()) {
            Run run = Run.of("", "connect", "--proxy", "127.0.0.1:" + proxy.port, "no-such-host.invalid", "80");
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).startsWith("netkit: socks5 proxy 127.0.0.1:" + proxy.port + " refused no-such-host.invalid:80: ")
                    .contains("(SOCKS5 reply ");
            assertThat(run.err().lines()).hasSize(1);
        }
    }

    @Test
    void socks5WithAUserAndPassword() throws Exception {
        try (Server server = echo(); ToolDaemon proxy = microsocks("-u", "alice", "-P", "s3cret")) {
            String target = String.valueOf(server.port());
            String via = "127.0.0.1:" + proxy.port;

            Run ok = conversation("authenticated\n", "connect", "--proxy", via, "--proxy-auth", "alice:s3cret", "localhost", target);
            assertThat(ok.exitCode()).isZero();
            assertThat(ok.out()).isEqualTo("authenticated\n");

            Run wrong = Run.of("", "connect", "--proxy", via, "--proxy-auth", "alice:wrong", "localhost", target);
            assertThat(wrong.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(wrong.err()).startsWith("netkit: socks5 proxy " + via + " refused localhost:" + target
                    + ": authentication failed (status ").endsWith(")\n");
            assertThat(wrong.err().lines()).hasSize(1);

            Run none = Run.of("", "connect", "--proxy", via, "localhost", target);
            assertThat(none.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(none.err()).isEqualTo("netkit: socks5 proxy " + via + " refused localhost:" + target
                    + ": it wants credentials (no acceptable authentication method)\n");
        }
    }

    @Test
    void aSocks5RefusalNamesTheProxyAndTheReplyCode() throws Exception {
        int closed = ToolDaemon.freePort();
        try (ToolDaemon proxy = microsocks()) {
            Run run = Run.of("", "connect", "--proxy", "127.0.0.1:" + proxy.port, "127.0.0.1", String.valueOf(closed));
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).isEqualTo("netkit: socks5 proxy 127.0.0.1:" + proxy.port + " refused 127.0.0.1:" + closed
                    + ": connection refused (SOCKS5 reply 5)\n");
        }
    }

    private static ToolDaemon tinyproxy(Path dir) throws Exception {
        return ToolDaemon.start(port -> {
            Path config = dir.resolve("tinyproxy-" + port + ".conf");
            try {
                Files.writeString(config, "Port " + port + "\nListen 127.0.0.1\nTimeout 30\nMaxClients 20\n"
                        + "Allow 127.0.0.1\nLogLevel Info\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return List.of("tinyproxy", "-d", "-c", config.toString());
        });
    }

    @Test
    void httpConnectThroughTinyproxy(@TempDir Path dir) throws Exception {
        try (Server server = echo(); ToolDaemon proxy = tinyproxy(dir)) {
            Run run = conversation("through http\n", "connect", "--proxy", "127.0.0.1:" + proxy.port, "--proxy-type", "http",
                    "localhost", String.valueOf(server.port()));
            assertThat(run.err()).isEmpty();
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("through http\n");
            assertThat(proxy.output()).contains("localhost:" + server.port()); // tinyproxy resolved the name
        }
    }

    @Test
    void anHttpRefusalIsTheProxysStatusLine(@TempDir Path dir) throws Exception {
        int closed = ToolDaemon.freePort();
        try (ToolDaemon proxy = tinyproxy(dir)) {
            Run run = Run.of("", "connect", "--proxy", "127.0.0.1:" + proxy.port, "--proxy-type", "http",
                    "127.0.0.1", String.valueOf(closed));
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).isEqualTo("netkit: http proxy 127.0.0.1:" + proxy.port + " refused 127.0.0.1:" + closed
                    + ": HTTP/1.1 500 Unable to connect\n");
        }
    }

    @Test
    void httpProxyCredentialsThroughNcat() throws Exception {
        try (Server server = echo();
             ToolDaemon proxy = ToolDaemon.start(port -> List.of("ncat", "-l", "-k", "127.0.0.1", String.valueOf(port),
                     "--proxy-type", "http", "--proxy-auth", "bob:pa55"))) {
            String via = "127.0.0.1:" + proxy.port;
            String target = String.valueOf(server.port());
            Run ok = conversation("basic auth\n", "connect", "--proxy", via, "--proxy-type", "http", "--proxy-auth", "bob:pa55",
                    "127.0.0.1", target);
            assertThat(ok.exitCode()).isZero();
            assertThat(ok.out()).isEqualTo("basic auth\n");

            Run wrong = Run.of("", "connect", "--proxy", via, "--proxy-type", "http", "--proxy-auth", "bob:nope",
                    "127.0.0.1", target);
            assertThat(wrong.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(wrong.err()).startsWith("netkit: http proxy " + via + " refused 127.0.0.1:" + target + ": HTTP/1.")
                    .contains(" 407 ");
        }
    }

    @Test
    void socks4aSendsTheNameForATestServerToResolve() throws Exception {
        try (Server server = echo(); Socks4aTestServer proxy = Socks4aTestServer.start()) {
            Run run = conversation("through socks4a\n", "connect", "--proxy", "127.0.0.1:" + proxy.port(), "--proxy-type", "socks4",
                    "--proxy-auth", "carol", "localhost", String.valueOf(server.port()));
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("through socks4a\n");
            assertThat(proxy.requests()).containsExactly("carol@localhost:" + server.port());
        }
    }

    @Test
    void aSocks4RejectionIsOneLine() throws Exception {
        try (Socks4aTestServer proxy = Socks4aTestServer.start()) {
            Run run = Run.of("", "connect", "--proxy", "127.0.0.1:" + proxy.port(), "--proxy-type", "socks4",
                    "blocked.example", "80");
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).isEqualTo("netkit: socks4 proxy 127.0.0.1:" + proxy.port()
                    + " refused blocked.example:80: request rejected or failed (SOCKS4 reply 91)\n");
        }
    }

    @Test
    void proxyOptionsThatDoNotFitAreUsageErrors() throws Exception {
        assertThat(Run.of("", "connect", "--proxy-type", "http", "localhost", "80").err())
                .startsWith("netkit connect: --proxy-type needs --proxy\n");
        assertThat(Run.of("", "connect", "--proxy", "localhost:1080", "--unix", "/nowhere").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Run.of("", "connect", "--proxy", "localhost", "localhost", "80").err())
                .startsWith("netkit connect: Invalid value for option '--proxy': 'localhost' is not HOST:PORT\n");
        assertThat(Run.of("", "connect", "--proxy", "localhost:1080", "--proxy-type", "socks4", "--proxy-auth", "u:p",
                "localhost", "80").err()).startsWith("netkit connect: --proxy-auth for socks4 is USER alone");
    }
}
