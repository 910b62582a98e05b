package dev.netkit.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serve commands' protective defaults: UDP on loopback, a line timeout for the line services. */
class ServeDefaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** chargen, daytime, time and echo over UDP answer forged senders: by default only this host reaches them. */
    @Test
    void udpServicesListenOnLoopbackByDefault() throws Exception {
        try (NetkitProcess chargen = NetkitProcess.start("serve", "chargen", "--udp", "--port", "0");
             NetkitProcess echo = NetkitProcess.start("serve", "echo", "--udp", "--port", "0")) {
            assertThat(chargen.awaitErr("receiving UDP on", WAIT)).contains("receiving UDP on 127.0.0.1:");
            int port = echo.awaitPort();
            assertThat(echo.awaitErr("receiving UDP on", WAIT)).contains("receiving UDP on 127.0.0.1:");
            assertThat(ExternalTool.run("still answers\n", WAIT, "nc", "-u", "-w", "1", "127.0.0.1", String.valueOf(port)))
                    .isEqualTo("still answers\n");
            chargen.terminate();
            assertThat(chargen.awaitExit(WAIT)).isZero();
            assertThatThrownBy(() -> chargen.awaitErr("warning", Duration.ofMillis(500))).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void anExplicitWildcardStillWorksWithAWarning() throws Exception {
        try (NetkitProcess chargen = NetkitProcess.start("serve", "chargen", "--udp", "--host", "0.0.0.0", "--port", "0")) {
            assertThat(chargen.awaitErr("receiving UDP on", WAIT)).doesNotContain("127.0.0.1");
            assertThat(chargen.awaitErr("warning:", WAIT))
                    .contains("chargen-udp is reachable from the network");
        }
    }

    @Test
    void theHelpSaysSo() throws Exception {
        ConnectCommandTest.Run help = ConnectCommandTest.Run.of("", "serve", "chargen", "--help");
        assertThat(help.out()).contains("127.0.0.1");
        ConnectCommandTest.Run echo = ConnectCommandTest.Run.of("", "serve", "echo", "--help");
        assertThat(echo.out()).contains("--line-timeout=TIME");
    }

    /** A client trickling a byte every 200 ms and never a line break is closed after --line-timeout, with one log line. */
    @Test
    void aTricklingClientIsClosedAfterTheLineTimeout() throws Exception {
        try (NetkitProcess echo = NetkitProcess.start("serve", "echo", "--host", "127.0.0.1", "--port", "0",
                "--line-timeout", "1s");
             Socket socket = new Socket()) {
            int port = echo.awaitPort();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout((int) WAIT.toMillis());
            long start = System.nanoTime();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    while (System.nanoTime() - start < WAIT.toNanos()) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server
                }
            });
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // the welcome line, then nothing
                }
            } catch (IOException reset) {
                // closed as well
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            writer.join(WAIT);
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
            assertThat(echo.awaitErr("closed 127.0.0.1:" + socket.getLocalPort() + " ", WAIT))
                    .endsWith("(protocol error: line not finished within 1 s)");
        }
    }
}
