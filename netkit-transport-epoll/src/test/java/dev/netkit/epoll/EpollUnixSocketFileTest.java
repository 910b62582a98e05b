package dev.netkit.epoll;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** On epoll as on NIO, a listener removes its own socket file on stop and no one else's. */
class EpollUnixSocketFileTest {

    @Test
    void ownSocketFileIsRemovedAndAnotherServersIsLeft(@TempDir Path dir) throws Exception {
        Path own = dir.resolve("own.sock");
        Server first = Server.builder().listen(Endpoint.unix(own)).transport(TransportType.EPOLL).handler(c -> { }).start();
        first.close();
        assertThat(own).doesNotExist();

        Path shared = dir.resolve("shared.sock");
        Server server = Server.builder().listen(Endpoint.unix(shared)).transport(TransportType.EPOLL).handler(c -> { }).start();
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.delete(shared);
            other.bind(UnixDomainSocketAddress.of(shared));
            server.close();
            assertThat(shared).exists();
        } finally {
            server.close();
        }
    }
}
