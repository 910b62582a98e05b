package dev.netkit.cli;

import dev.netkit.cli.ConnectCommandTest.Run;
import dev.netkit.testing.Haproxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import static dev.netkit.testing.Sockets.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --proxy-protocol}, {@code --proxy-from} and {@code --reuse-port} on {@code netkit serve}:
 * behind a real HAProxy, nc is logged with its own address (a rolling restart with
 * {@code --reuse-port}: {@link RollingRestartProcessTest}).
 */
class ProxyProtocolCliTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void wrongCombinationsAreUsageErrors() throws Exception {
        String[][] wrong = {
                {"serve", "echo", "--proxy-from", "10.0.0.0/8"},
                {"serve", "echo", "--proxy-protocol", "--proxy-from", "lb.example.net"},
                {"serve", "echo", "--udp", "--proxy-protocol"},
                {"serve", "chat", "--unix", "chat.sock", "--reuse-port"}};
        String[] messages = {
                "netkit serve echo: --proxy-from needs --proxy-protocol",
                "netkit serve echo: --proxy-from: not an IP address or range: lb.example.net",
                "netkit serve echo: --udp and --proxy-protocol do not go together (the PROXY protocol is for streams)",
                "netkit serve chat: --unix and --reuse-port do not go together (a Unix socket has a path, not a port)"};
        for (int i = 0; i < wrong.length; i++) {
            Run run = Run.of("", wrong[i]);
            assertThat(run.exitCode()).as(String.join(" ", wrong[i])).isEqualTo(ExitCode.USAGE);
            assertThat(run.err().lines().findFirst().orElseThrow()).startsWith(messages[i]);
        }
    }

    @Test
    void ncThroughHaproxyIsLoggedWithItsOwnAddress(@TempDir Path dir) throws Exception {
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--proxy-protocol", "--proxy-from", "127.0.0.0/8")) {
            int port = echo.awaitPort();
            try (Haproxy haproxy = Haproxy.start(dir, 1, ports -> """
                    frontend in
                        bind 127.0.0.1:%d
                        default_backend echo
                    backend echo
                        server echo 127.0.0.1:%d send-proxy-v2
                    """.formatted(ports[0], port))) {
                for (int attempt = 0; ; attempt++) {
                    int source = freePort();
                    String transcript = ExternalTool.run("hi\n", WAIT, "nc", "-N", "-w", "10", "-p", String.valueOf(source),
                            "127.0.0.1", String.valueOf(haproxy.port(0)));
                    if (transcript.isEmpty() && attempt < 3) {
                        continue; // another process took the source port meanwhile
                    }
                    assertThat(transcript).isEqualTo("Welcome to echo server!\nEcho: hi\n");
                    assertThat(echo.awaitErr("opened from 127.0.0.1:" + source, WAIT)).contains(" via 127.0.0.1:");
                    assertThat(echo.awaitErr("closed 127.0.0.1:" + source, WAIT)).contains("B in");
                    return;
                }
            }
        }
    }
}
