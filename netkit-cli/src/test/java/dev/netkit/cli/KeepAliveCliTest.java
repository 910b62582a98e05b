package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code netkit connect --keepalive}: the kernel shows a keep-alive timer on the client's socket ({@code ss -o}). */
class KeepAliveCliTest {

    @Test
    void connectProbesAnIdleConnection() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> c.input().readAllBytes())
                .start();
             NetkitProcess connect = NetkitProcess.start("connect", "--keepalive", "127.0.0.1", String.valueOf(server.port()))) {
            dev.netkit.testing.Eventually.await("the connect command's connection", Duration.ofSeconds(20),
                    () -> server.connectionCount() == 1);
            Process ss;
            try {
                ss = new ProcessBuilder(List.of("ss", "-tnoH", "state", "established", "( dport = :" + server.port() + " )"))
                        .redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                throw new AssertionError("ss (from iproute2) is needed for this test: " + e.getMessage(), e);
            }
            String listed = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(listed).contains(":" + server.port()).contains("keepalive");
        }
    }
}
