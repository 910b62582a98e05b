package dev.netkit.udp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Round trips with the usual tools as the peer: netcat (the OpenBSD one, {@code nc -u}) and socat.
 * Both must be installed (Debian packages {@code netcat-openbsd} and {@code socat}).
 */
class UdpServerToolsTest {

    private static final DatagramHandler ECHO = (d, reply) -> reply.send(d.payload());

    @BeforeAll
    static void toolsAreInstalled() {
        for (String tool : List.of("nc", "socat")) {
            boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                fail(tool + " not found on PATH: install the packages netcat-openbsd and socat");
            }
        }
    }

    private static UdpServer echoServer() throws IOException {
        return UdpServer.builder().bind(new InetSocketAddress("127.0.0.1", 0)).handler(ECHO).start();
    }

    /** Runs a tool with {@code input} on its standard input and returns its standard output. */
    private static String run(String input, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not end within 10 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void ncAsClientGetsItsDatagramEchoed() throws Exception {
        try (UdpServer server = echoServer()) {
            String out = run("hello from nc\n", "nc", "-u", "-w", "1", "127.0.0.1", String.valueOf(server.port()));
            assertThat(out).isEqualTo("hello from nc\n");
            dev.netkit.testing.Eventually.await("one reply counted", java.time.Duration.ofSeconds(10), () -> server.counters().sent() == 1);
        }
    }

    @Test
    void socatAsClientGetsItsDatagramEchoed() throws Exception {
        try (UdpServer server = echoServer()) {
            String out = run("hello from socat\n", "socat", "-T", "1", "-", "UDP4:127.0.0.1:" + server.port());
            assertThat(out).isEqualTo("hello from socat\n");
        }
    }

    @Test
    void socatAsServerEchoesWhatTheSocketSends() throws Exception {
        int port = freePort();
        Process socat = new ProcessBuilder("socat", "UDP4-RECVFROM:" + port + ",bind=127.0.0.1,fork", "PIPE")
                .redirectErrorStream(true).start();
        try (UdpSocket client = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
            // socat binds a moment after it starts: resend until it answers, each wait bounded.
            Optional<Datagram> answer = Optional.empty();
            for (int i = 0; i < 50 && answer.isEmpty(); i++) {
                client.send("ping".getBytes(StandardCharsets.UTF_8), to);
                answer = client.receive(Duration.ofMillis(100));
            }
            assertThat(answer).map(Datagram::text).contains("ping");
            assertThat(answer.orElseThrow().sender()).isEqualTo(to);
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void ncAsListenerReceivesAndAnswers() throws Exception {
        int port = freePort();
        Process nc = new ProcessBuilder("nc", "-u", "-l", "127.0.0.1", String.valueOf(port))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (UdpSocket client = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
            OutputStream ncInput = nc.getOutputStream();
            // nc sends its standard input once a first datagram has reached it: written once, so
            // that two lines waiting in its input cannot leave as one datagram.
            ncInput.write("from nc\n".getBytes(StandardCharsets.UTF_8));
            ncInput.flush();
            Optional<Datagram> answer = Optional.empty();
            for (int i = 0; i < 50 && answer.isEmpty(); i++) {
                client.send("from netkit\n".getBytes(StandardCharsets.UTF_8), to);
                answer = client.receive(Duration.ofMillis(100));
            }
            assertThat(answer).map(Datagram::text).contains("from nc\n");
            byte[] printed = new byte["from netkit\n".length()];
            assertThat(nc.getInputStream().readNBytes(printed, 0, printed.length)).isEqualTo(printed.length);
            assertThat(new String(printed, StandardCharsets.UTF_8)).isEqualTo("from netkit\n");
        } finally {
            nc.destroy();
            nc.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A port free a moment ago: the tools must bind it themselves. */
    private static int freePort() throws IOException {
        try (UdpSocket probe = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
            return probe.localAddress().getPort();
        }
    }
}
