package dev.netkit;

import org.junit.jupiter.api.Test;

import dev.netkit.testing.ConnectLoop;
import dev.netkit.testing.NetworkNamespace;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code reusePort}: a new server binds the port of one still running, and the old one stops,
 * under a steady stream of connects from several threads; none is refused or lost. The scenario
 * ({@link RollingRestartScenario}) runs as a JVM of its own in a network namespace of the test's
 * own with {@code net.ipv4.tcp_migrate_req} on: without it Linux resets the connections queued
 * on the old listener as it closes.
 */
class RollingRestartTest {

    @Test
    void aRestartUnderLoadRefusesNoConnection() throws Exception {
        List<String> lines;
        try (NetworkNamespace ns = NetworkNamespace.create("reuseport")) {
            String classPath = Stream.of(Server.class, RollingRestartScenario.class, ConnectLoop.class)
                    .map(RollingRestartTest::location).distinct().collect(Collectors.joining(File.pathSeparator));
            Process p = new ProcessBuilder(ns.exec(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", classPath, RollingRestartScenario.class.getName()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                p.getOutputStream().close();
                lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the scenario ended; it printed " + lines).isTrue();
            } finally {
                p.destroyForcibly();
            }
        }
        assertThat(lines).as("the scenario ran to its end").contains("done", "graceful true");
        assertThat(lines.stream().filter(l -> l.startsWith("failed ") || l.startsWith("timeout ")))
                .as("connects refused or lost (served: " + lines.stream().filter(l -> l.startsWith("served ")).toList() + ")")
                .isEmpty();
        assertThat(lines).anyMatch(l -> l.startsWith("served new "));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutReusePortTheSecondBindFails() throws Exception {
        try (Server first = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).reusePort(true)
                .handler(c -> c.send("first\n")).start()) {
            assertThatThrownBy(() -> Server.builder().listen(Endpoint.tcp("127.0.0.1", first.port()))
                    .handler(c -> { }).start()).isInstanceOf(IOException.class);
        }
    }
}
