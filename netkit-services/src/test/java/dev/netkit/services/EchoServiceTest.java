package dev.netkit.services;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static dev.netkit.services.ServiceTestSupport.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

class EchoServiceTest {

    @Test
    void theEchoTranscriptOverTcp() throws Exception {
        transcript(Endpoint.tcp("127.0.0.1", 0));
    }

    @Test
    void theEchoTranscriptOverAUnixSocket(@TempDir Path dir) throws Exception {
        transcript(Endpoint.unix(dir.resolve("echo.sock")));
    }

    private static void transcript(Endpoint endpoint) throws Exception {
        try (Server server = Server.builder().listen(endpoint).handler(new EchoService()).start();
             Connection c = Client.connect(server.endpoint())) {
            assertThat(readUntil(c, "\n")).isEqualTo("Welcome to echo server!\n");
            c.send("hello\r\n");
            assertThat(readUntil(c, "\n")).isEqualTo("Echo: hello\n");
            c.send("world\nlast line without a break");
            c.shutdownOutput();
            assertThat(new String(c.input().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("Echo: world\nEcho: last line without a break\n");
        }
    }

    @Test
    void rawEchoReturnsRandomBinaryBytesUnchanged() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start();
             Connection c = Client.connect(server.endpoint())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.send(data);
                    c.shutdownOutput();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(c.input().readAllBytes()).isEqualTo(data);
            writer.join(java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void binaryGarbageAndASilentClientDoNotStopOthersBeingServed() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(3).nextBytes(garbage);
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(new EchoService()).start();
             Connection silent = Client.connect(server.endpoint());
             Connection noisy = Client.connect(server.endpoint())) {
            noisy.send(garbage);
            noisy.shutdownOutput();
            byte[] reply = noisy.input().readAllBytes();
            assertThat(new String(reply, StandardCharsets.UTF_8)).startsWith("Welcome to echo server!\nEcho: ");
            try (Connection polite = Client.connect(server.endpoint())) {
                assertThat(readUntil(polite, "\n")).isEqualTo("Welcome to echo server!\n");
                polite.send("still here?\n");
                assertThat(readUntil(polite, "\n")).isEqualTo("Echo: still here?\n");
            }
            assertThat(server.connectionCount()).isGreaterThanOrEqualTo(1); // the silent one is still held
        }
    }
}
