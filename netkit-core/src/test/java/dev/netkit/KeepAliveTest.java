package dev.netkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keepAlive}: the kernel's own view ({@code ss -o}) shows a keep-alive timer on the socket. */
class KeepAliveTest {

    /** The established TCP sockets whose source port is {@code port}, with their timers, as {@code ss} lists them. */
    private static String ss(int port) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of("ss", "-tnoH", "state", "established", "( sport = :" + port + " )"))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("ss (from iproute2) is needed for this test and was not found: " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void acceptedConnectionsProbeWhenAsked() throws Exception {
        for (boolean keepAlive : new boolean[] {true, false}) {
            try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).keepAlive(keepAlive)
                    .handler(c -> c.input().readAllBytes()).start();
                 Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                dev.netkit.testing.Eventually.await("the connection accepted", java.time.Duration.ofSeconds(10),
                        () -> server.connectionCount() == 1);
                String listed = ss(server.port());
                assertThat(listed).as("ss output").contains("127.0.0.1").contains(":" + server.port() + " ");
                assertThat(listed.contains("keepalive")).as("keep-alive timer with keepAlive(" + keepAlive + "): " + listed)
                        .isEqualTo(keepAlive);
            }
        }
    }

    @Test
    void aClientsConnectionProbesWhenAsked() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> c.input().readAllBytes())
                .start();
             Connection c = Client.builder().keepAlive(true).connect(server.endpoint())) {
            int port = ((InetSocketAddress) c.localAddress()).getPort();
            assertThat(ss(port)).contains("keepalive");
        }
    }
}
