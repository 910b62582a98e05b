package dev.netkit.epoll;

import dev.netkit.TransportType;
import dev.netkit.internal.Transports;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code --enable-native-access} epoll must say why it cannot run, a forced epoll must be
 * a clear error, and AUTO must fall back to NIO. Needs a JVM started without the flag.
 */
class NativeAccessTest {

    @Test
    void withoutNativeAccessEpollSaysWhyAndAutoFallsBackToNio() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Probe.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output)
                .contains("reason: native access is not enabled (run java with --enable-native-access=ALL-UNNAMED)")
                .contains("forced: the epoll transport cannot run here: native access is not enabled")
                .contains("auto: nio");
    }

    /** Run in the child JVM. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("reason: " + new EpollTransportProvider().unavailabilityReason().orElse("none"));
            try {
                Transports.select(TransportType.EPOLL);
                System.out.println("forced: epoll");
            } catch (IllegalStateException e) {
                System.out.println("forced: " + e.getMessage());
            }
            System.out.println("auto: " + Transports.select(TransportType.AUTO).name());
        }
    }
}
