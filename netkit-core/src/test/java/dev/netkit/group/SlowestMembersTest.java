package dev.netkit.group;

import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlowestMembersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aMemberThatStopsReadingIsListedFirstWithWhatItHasYetToReceive() throws Exception {
        ConnectionGroup group = ConnectionGroup.builder().name("backlog").policy(SlowConsumerPolicy.DROP_OLDEST)
                .maxQueuedMessages(16).build();
        ConcurrentMap<Integer, Connection> byPort = new ConcurrentHashMap<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    byPort.put(((InetSocketAddress) c.remoteAddress()).getPort(), c);
                    group.join(c);
                    c.input().read();
                }).start();
             Socket stalled = new Socket();
             Socket reading = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            reading.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            Thread.ofVirtual().start(() -> drain(reading));
            Eventually.await("two members", WAIT, () -> group.members() == 2);
            byte[] big = new byte[64 * 1024];
            // The stalled peer's kernel buffers fill, then its queue: it stays 16 messages behind.
            Eventually.await("the stalled member's queue to fill", WAIT, () -> {
                group.broadcast(big);
                return group.slowestMembers(1).getFirst().queuedMessages() == 16;
            });
            List<MemberBacklog> slowest = group.slowestMembers(5);
            assertThat(slowest).hasSize(2);
            MemberBacklog first = slowest.getFirst();
            assertThat(first.connectionId()).isEqualTo(byPort.get(stalled.getLocalPort()).id());
            assertThat(first.remoteAddress()).isEqualTo(stalled.getLocalSocketAddress());
            assertThat(first.queuedBytes()).isEqualTo(16L * big.length);
            assertThat(slowest.get(1).connectionId()).isEqualTo(byPort.get(reading.getLocalPort()).id());
            assertThat(group.slowestMembers(1)).containsExactly(first);
            assertThat(group.slowestMembers(0)).isEmpty();
            assertThatThrownBy(() -> group.slowestMembers(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("limit must not be negative, got -1");
        }
    }

    private static void drain(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException ignored) {
            // closed at the end of the test
        }
    }
}
