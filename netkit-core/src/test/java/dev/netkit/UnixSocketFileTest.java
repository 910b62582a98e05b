package dev.netkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnixSocketFileTest {

    @Test
    void aStaleSocketFileIsReplaced(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("stale.sock");
        // A server that died without cleaning up leaves its socket file behind.
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(path));
        dead.close();
        assertThat(path).exists();
        try (Server server = Server.builder().listen(Endpoint.unix(path)).handler(c -> c.send("alive\n")).start();
             Connection c = Client.connect(server.endpoint())) {
            assertThat(new String(c.input().readAllBytes())).isEqualTo("alive\n");
        }
    }

    @Test
    void aLiveServerIsNotStolen(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("live.sock");
        try (Server first = Server.builder().listen(Endpoint.unix(path)).handler(c -> c.send("first\n")).start()) {
            assertThatThrownBy(() -> Server.builder().listen(Endpoint.unix(path)).handler(c -> { }).start())
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("another server is listening");
            try (Connection c = Client.connect(first.endpoint())) {
                assertThat(new String(c.input().readAllBytes())).isEqualTo("first\n");
            }
        }
    }

    @Test
    void aFileThatIsNotASocketIsLeftAlone(@TempDir Path dir) throws Exception {
        Path path = Files.writeString(dir.resolve("precious.txt"), "data");
        assertThatThrownBy(() -> Server.builder().listen(Endpoint.unix(path)).handler(c -> { }).start())
                .isInstanceOf(BindException.class)
                .hasMessageContaining("not a socket");
        assertThat(Files.readString(path)).isEqualTo("data");
    }

    @Test
    void theSocketFileIsRemovedOnStop(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("tidy.sock");
        Server server = Server.builder().listen(Endpoint.unix(path)).handler(c -> { }).start();
        assertThat(path).exists();
        server.close();
        assertThat(path).doesNotExist();
    }

    /**
     * Another server took the path while this one ran (deleted the file and bound its own, as a
     * restart that overlaps the old process does): stopping the old one leaves the new one's file.
     */
    @Test
    void aSocketFileAnotherServerPutThereIsLeftOnStop(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("shared.sock");
        Server server = Server.builder().listen(Endpoint.unix(path)).handler(c -> c.send("old\n")).start();
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.delete(path);
            other.bind(UnixDomainSocketAddress.of(path));
            server.close();
            assertThat(path).exists();
            // Still the other server's: a client reaches it.
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
                 SocketChannel accepted = other.accept()) {
                assertThat(accepted).isNotNull();
                assertThat(client.isConnected()).isTrue();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void tcpAndUnixEndpointsServeTogether(@TempDir Path dir) throws Exception {
        try (Server server = Server.builder()
                .listen(Endpoint.tcp("127.0.0.1", 0))
                .listen(Endpoint.unix(dir.resolve("both.sock")))
                .handler(c -> c.send("hi\n")).start()) {
            assertThat(server.endpoints()).hasSize(2);
            for (Endpoint e : server.endpoints()) {
                try (Connection c = Client.connect(e)) {
                    assertThat(new String(c.input().readAllBytes())).isEqualTo("hi\n");
                }
            }
        }
    }
}
