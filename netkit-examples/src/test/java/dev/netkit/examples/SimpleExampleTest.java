package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SimpleExampleTest {

    @Test
    void serverGreetsEndsItsSideAndStillLogsWhatTheClientSays() throws Exception {
        Transcript log = new Transcript();
        try (Server server = SimpleServer.start(Endpoint.tcp("127.0.0.1", 0), log.printStream());
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            Transcript received = Transcript.of(conn.input());
            // The server's end arrives before the client says anything: a half-close, not a close.
            assertThat(received.awaitEnd()).isEqualTo("Hello from server!\n");
            conn.send("Hello from client!\n");
            conn.shutdownOutput();
            assertThat(server.stop(Duration.ofSeconds(5)).graceful()).isTrue();
        }
        assertThat(log.text()).isEqualTo("Client connected\nReceived: Hello from client!\n\n");
    }

    @Test
    void clientAndServerPrintTheNodeTourLinesOverTcp() throws Exception {
        talk(Endpoint.tcp("127.0.0.1", 0));
    }

    @Test
    void clientAndServerPrintTheNodeTourLinesOverUnixSocket(@TempDir Path dir) throws Exception {
        talk(Endpoint.unix(dir.resolve("simple.sock")));
    }

    private static void talk(Endpoint endpoint) throws Exception {
        Transcript log = new Transcript();
        Transcript out = new Transcript();
        try (Server server = SimpleServer.start(endpoint, log.printStream())) {
            Async.run(() -> SimpleClient.run(server.endpoint(), out.printStream())).get(10, TimeUnit.SECONDS);
            assertThat(server.stop(Duration.ofSeconds(5)).graceful()).isTrue();
        }
        assertThat(out.text()).isEqualTo("Connected to server\nServer says: Hello from server!\n\nConnection closed\n");
        assertThat(log.text()).isEqualTo("Client connected\nReceived: Hello from client!\n\n");
    }
}
