package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EchoExampleTest {

    @Test
    void serverEchoesEachLineOverTcp() throws Exception {
        echoes(Endpoint.tcp("127.0.0.1", 0));
    }

    @Test
    void serverEchoesEachLineOverUnixSocket(@TempDir Path dir) throws Exception {
        echoes(Endpoint.unix(dir.resolve("echo.sock")));
    }

    private static void echoes(Endpoint endpoint) throws Exception {
        Transcript log = new Transcript();
        try (Server server = EchoServer.start(endpoint, log.printStream());
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            // LF, CRLF, and a last line with no line break at all.
            conn.send("hello\nwor");
            conn.send("ld\r\nlast");
            conn.shutdownOutput();
            assertThat(received.awaitEnd())
                    .isEqualTo("Welcome to echo server!\nEcho: hello\nEcho: world\nEcho: last\n");
            assertThat(server.stop(Duration.ofSeconds(5)).graceful()).isTrue();
        }
        assertThat(log.text()).isEqualTo("Client connected\nClient disconnected\n");
    }

    @Test
    void aLineOverTheMaximumEndsOnlyThatConnection() throws Exception {
        try (Server server = EchoServer.start(Endpoint.tcp("127.0.0.1", 0), new Transcript().printStream());
             Connection greedy = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint());
             Connection polite = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript greedyIn = Transcript.of(greedy.input());
            Transcript politeIn = Transcript.of(polite.input());
            greedyIn.awaitContains("Welcome to echo server!\n");
            try {
                greedy.send(new byte[64 * 1024]);
            } catch (java.io.IOException e) {
                // The server may close before it has read everything: a reset is fine here.
            }
            assertThat(greedyIn.awaitEnd()).isEqualTo("Welcome to echo server!\n");
            polite.send("still here\n");
            assertThat(politeIn.awaitContains("Echo: still here\n"))
                    .isEqualTo("Welcome to echo server!\nEcho: still here\n");
        }
    }

    @Test
    void clientPrintsTheNodeTourTranscriptAndExitsAfterTheEndOfInput() throws Exception {
        try (Server server = EchoServer.start(Endpoint.tcp("127.0.0.1", 0), new Transcript().printStream());
             PipedInputStream stdin = new PipedInputStream()) {
            // Not a resource: closing it is the end of input, a step of the test.
            PipedOutputStream keyboard = new PipedOutputStream(stdin);
            Transcript out = new Transcript();
            CompletableFuture<Void> client = Async.run(() -> EchoClient.run(server.endpoint(), stdin, out.printStream()));
            out.awaitContains("Welcome to echo server!\n");
            keyboard.write("hello\n".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            out.awaitContains("Echo: hello\n");
            keyboard.write("world\n".getBytes(StandardCharsets.UTF_8));
            keyboard.close();
            client.get(10, TimeUnit.SECONDS);
            assertThat(out.text()).isEqualTo("Connected to echo server\nWelcome to echo server!\n"
                    + "Echo: hello\nEcho: world\nConnection closed\n");
        }
    }
}
