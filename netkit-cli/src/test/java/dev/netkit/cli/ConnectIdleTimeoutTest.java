package dev.netkit.cli;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code connect --idle-timeout}: quit when nothing has moved either way for that long. */
class ConnectIdleTimeoutTest {

    @Test
    void aSilentServerIsLeftAfterTheIdleTimeoutWithOneLineAndExitCodeOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // Accepts, then says nothing and never closes (until the test ends).
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> release.await(20, TimeUnit.SECONDS)).start()) {
            long start = System.nanoTime();
            ConnectCommandTest.Run run = ConnectCommandTest.Run.of("", "connect", "--idle-timeout", "1s",
                    "127.0.0.1", String.valueOf(server.port()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            release.countDown();
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).isEqualTo("netkit: no data for 1s, closing\n");
            assertThat(run.out()).isEmpty();
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        }
    }

    @Test
    void dataEveryFewHundredMillisecondsKeepsTheConnection() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> {
                for (int i = 0; i < 8; i++) {
                    c.send(i + "\n");
                    Thread.sleep(300);
                }
            }).start()) {
            ConnectCommandTest.Run run = ConnectCommandTest.Run.of("", "connect", "--idle-timeout", "1s",
                    "127.0.0.1", String.valueOf(server.port()));
            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).isEqualTo("0\n1\n2\n3\n4\n5\n6\n7\n");
        }
    }

    @Test
    void theOptionIsInTheHelp() throws Exception {
        ConnectCommandTest.Run help = ConnectCommandTest.Run.of("", "connect", "--help");
        assertThat(help.out()).contains("--idle-timeout=TIME");
    }
}
