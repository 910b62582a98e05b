package dev.netkit.examples;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class UnixSocketPairExampleTest {

    @Test
    void serverAndClientMeetOnOnePathAndTheFileIsGoneAfterwards(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("my.sock");
        Transcript out = new Transcript();
        Async.run(() -> UnixSocketPair.run(path, out.printStream())).get(10, TimeUnit.SECONDS);
        assertThat(out.text()).isEqualTo("Server listening on unix:" + path + "\n"
                + "Server says: Hello, Unix client!\nConnection closed\n");
        assertThat(path).doesNotExist();
    }

    @Test
    void anyUnixClientIsGreeted(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("my.sock");
        try (Server server = UnixSocketPair.start(Endpoint.unix(path));
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            assertThat(server.endpoint()).isEqualTo(Endpoint.unix(path));
            assertThat(Files.exists(path)).isTrue();
            Transcript received = Transcript.of(conn.input());
            conn.send("nc\n");
            assertThat(received.awaitEnd()).isEqualTo("Hello, nc!\n");
        }
    }
}
