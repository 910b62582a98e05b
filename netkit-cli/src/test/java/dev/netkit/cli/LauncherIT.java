package dev.netkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The {@code netkit} launcher script at the root of the repository, run as users run it. An
 * integration test: it needs the packaged CLI jar and its {@code lib} folder, which the launcher
 * puts on the class path; {@code NETKIT_SKIP_BUILD} keeps it from building them again.
 */
class LauncherIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("netkit");

    private static ProcessBuilder launcher(String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("NETKIT_SKIP_BUILD", "1");
        return builder;
    }

    @Test
    void findsAJdkOfItsOwnWhenJavaHomeIsUnset() throws Exception {
        assertThat(LAUNCHER).isExecutable();
        ProcessBuilder builder = launcher("--version");
        // The machine's default java may be older than 21: the launcher must look further.
        builder.environment().remove("JAVA_HOME");
        try (NetkitProcess version = NetkitProcess.start(builder)) {
            assertThat(version.awaitExit(WAIT)).isZero();
            String out = new String(version.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).startsWith("netkit ").containsPattern("Java (2[1-9]|[3-9][0-9])");
        }
    }

    @Test
    void aBadCommandLineIsReportedOnStderrWithExitCode2() throws Exception {
        try (NetkitProcess bad = NetkitProcess.start(launcher("serve", "no-such-service"))) {
            assertThat(bad.awaitExit(WAIT)).isEqualTo(2);
            assertThat(bad.awaitErr("no-such-service", WAIT)).contains("Unmatched argument");
        }
    }

    @Test
    void optionsThatDoNotGoTogetherAreOneLineAndAHintWithExitCode2() throws Exception {
        try (NetkitProcess bad = NetkitProcess.start(launcher("serve", "echo", "--udp", "--tls"))) {
            assertThat(bad.awaitExit(WAIT)).isEqualTo(2);
            assertThat(bad.awaitAllErr(WAIT)).containsExactly(
                    "netkit serve echo: --udp and --tls do not go together (DTLS is not supported)",
                    "Try 'netkit serve echo --help' for more information.");
            assertThat(bad.process.getInputStream().readAllBytes()).isEmpty();
        }
    }

    @Test
    void servesKnockKnockAndLogsToStderr() throws Exception {
        try (NetkitProcess server = NetkitProcess.start(launcher("serve", "knock-knock", "--host", "127.0.0.1", "--port", "0"))) {
            int port = server.awaitPort();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
                socket.setSoTimeout((int) WAIT.toMillis());
                byte[] greeting = "Knock knock!\r\n".getBytes(StandardCharsets.US_ASCII);
                assertThat(socket.getInputStream().readNBytes(greeting.length)).isEqualTo(greeting);
            }
            assertThat(server.awaitErr("closed 127.0.0.1:", WAIT)).contains("B in", "B out");
            server.terminate();
            assertThat(server.awaitExit(WAIT)).isZero();
            assertThat(server.awaitErr("stopped", WAIT)).contains("gracefully");
        }
    }
}
