package dev.netkit.services;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.ShutdownResult;
import dev.netkit.testing.Inbox;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A stopping chat server tells every member to reconnect before the grace period runs. */
class ChatRestartNoticeTest {

    @Test
    void everyMemberHearsOfTheRestart() throws Exception {
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(new ChatService()).start();
        List<Connection> members = new ArrayList<>();
        List<Inbox> inboxes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Connection c = Client.connect(server.endpoint());
                members.add(c);
                Inbox inbox = new Inbox(c);
                inboxes.add(inbox);
                assertThat(inbox.next()).startsWith("* Welcome");
                assertThat(inbox.next()).startsWith("* Commands");
                for (Inbox earlier : inboxes.subList(0, i)) {
                    assertThat(earlier.next()).endsWith(" joined");
                }
            }
            CompletableFuture<ShutdownResult> stopped = CompletableFuture.supplyAsync(
                    () -> server.stop(Duration.ofSeconds(30)), r -> Thread.ofVirtual().start(r));
            for (Inbox inbox : inboxes) {
                assertThat(inbox.next()).isEqualTo("* server restarting, reconnect in a moment");
            }
            // Told, each member leaves; the stop is graceful well before its 30 s.
            members.forEach(Connection::close);
            assertThat(stopped.get(Inbox.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS).graceful()).isTrue();
        } finally {
            members.forEach(Connection::close);
            server.stop(Duration.ZERO);
        }
    }
}
