package dev.netkit.group;

import dev.netkit.testing.Inbox;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.testing.Opened;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionGroupTest {

    private final Opened open = new Opened();

    @AfterEach
    void closeAll() throws Exception {
        open.close();
    }

    /** A server whose connections join {@code group} and sit reading until the peer ends. */
    private Server listeners(ConnectionGroup group, CountDownLatch joined) throws IOException {
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(conn -> {
                    group.join(conn);
                    joined.countDown();
                    conn.input().transferTo(OutputStream.nullOutputStream());
                })
                .start();
        open.add(server);
        return server;
    }

    /** A server that relays each line to the other members, and closes (never leaves) at the end. */
    private Server relay(ConnectionGroup group, CountDownLatch joined, CountDownLatch closed) throws IOException {
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).maxConnections(2000)
                .handler(conn -> {
                    group.join(conn);
                    joined.countDown();
                    try {
                        for (String line : conn.lines()) {
                            group.broadcast(line + "\n", conn);
                        }
                    } finally {
                        conn.close();
                        closed.countDown();
                    }
                })
                .start();
        open.add(server);
        return server;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(Inbox.WAIT_SECONDS, TimeUnit.SECONDS)).as("waited for %s", latch).isTrue();
    }

    @Test
    void eachLineReachesEveryOtherMemberInOrder() throws Exception {
        ConnectionGroup group = ConnectionGroup.create();
        CountDownLatch joined = new CountDownLatch(3);
        Server server = relay(group, joined, new CountDownLatch(3));
        List<Connection> clients = List.of(open.connect(server), open.connect(server), open.connect(server));
        await(joined);
        List<Inbox> inboxes = clients.stream().map(Inbox::new).toList();
        for (int i = 0; i < 100; i++) {
            clients.get(i % 3).send("from " + (i % 3) + " #" + i + "\n");
        }
        for (int me = 0; me < 3; me++) {
            List<String> got = new ArrayList<>();
            for (int k = 0; k < 100 - countFrom(me); k++) {
                got.add(inboxes.get(me).next());
            }
            for (int sender = 0; sender < 3; sender++) {
                String prefix = "from " + sender + " ";
                List<String> fromSender = got.stream().filter(l -> l.startsWith(prefix)).toList();
                List<String> expected = new ArrayList<>();
                for (int i = sender; i < 100 && sender != me; i += 3) {
                    expected.add(prefix + "#" + i);
                }
                assertThat(fromSender).as("member %d, lines from %d", me, sender).isEqualTo(expected);
            }
        }
        assertThat(group.stats().broadcast()).isEqualTo(100);
    }

    private static int countFrom(int sender) {
        return (100 - sender + 2) / 3;
    }

    @Test
    void aSlowMemberIsDisconnectedWhileTheOthersKeepUp() throws Exception {
        ConnectionGroup group = ConnectionGroup.builder().name("slow-test").maxQueuedMessages(64)
                .slowConsumerTimeout(Duration.ofMillis(200)).build();
        CountDownLatch joined = new CountDownLatch(2);
        Server server = listeners(group, joined);
        Connection fast = open.connect(server);
        Connection slow = open.connect(server);
        await(joined);
        Inbox fastInbox = new Inbox(fast);
        int sent = 0;
        // Bursts smaller than the limit, each read by the fast member before the next: the fast one
        // never falls behind, the slow one (never reading) fills its socket, then its queue.
        while (group.stats().disconnectedSlow() == 0) {
            assertThat(sent).as("messages broadcast before the slow member was cut off").isLessThan(50_000);
            sent = burst(group, fastInbox, sent);
        }
        for (int i = 0; i < 10; i++) {
            // and the broadcaster and the fast member carry on
            sent = burst(group, fastInbox, sent);
        }
        GroupStats stats = group.stats();
        assertThat(stats.disconnectedSlow()).isEqualTo(1);
        assertThat(stats.members()).isEqualTo(1);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.peakQueue()).isLessThanOrEqualTo(64);
        assertThat(stats.broadcast()).isEqualTo(sent);
        new Inbox(slow).awaitEnd();
    }

    @Test
    void aSenderFasterThanAMemberWhoKeepsReadingIsSlowedToItsPaceAndNobodyIsCut() throws Exception {
        ConnectionGroup group = ConnectionGroup.builder().maxQueuedMessages(16).build();
        CountDownLatch joined = new CountDownLatch(1);
        Server server = listeners(group, joined);
        Connection member = open.connect(server);
        await(joined);
        Inbox inbox = new Inbox(member); // reads all the time, as fast as it can
        int messages = 20_000;
        for (int i = 0; i < messages; i++) {
            group.broadcast("message " + i + "\n"); // far faster than one member's writes
        }
        for (int i = 0; i < messages; i++) {
            assertThat(inbox.next()).isEqualTo("message " + i);
        }
        GroupStats stats = group.stats();
        assertThat(stats.disconnectedSlow()).isZero();
        assertThat(stats.members()).isEqualTo(1);
        assertThat(stats.peakQueue()).isLessThanOrEqualTo(16);
    }

    @Test
    void leavingWithAFlushDeliversWhatWasQueuedBeforeTheConnectionCloses() throws Exception {
        ConnectionGroup group = ConnectionGroup.create();
        java.util.concurrent.CompletableFuture<Connection> serverSide = new java.util.concurrent.CompletableFuture<>();
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(conn -> {
                    group.join(conn);
                    serverSide.complete(conn);
                    conn.input().transferTo(OutputStream.nullOutputStream());
                    // the peer has hung up: what it asked for is still owed to it
                    group.leave(conn, Duration.ofSeconds(10));
                })
                .start();
        open.add(server);
        Connection client = open.connect(server);
        serverSide.get(10, TimeUnit.SECONDS);
        String kilobyte = "x".repeat(1023) + "\n";
        for (int i = 0; i < 500; i++) {
            group.broadcast(kilobyte);
        }
        client.shutdownOutput(); // as nc -N does once its input ends
        Inbox inbox = new Inbox(client);
        for (int i = 0; i < 500; i++) {
            assertThat(inbox.next()).hasSize(1023);
        }
        inbox.awaitEnd();
        assertThat(group.members()).isZero();
    }

    @Test
    void theByteLimitCountsToo() throws Exception {
        ConnectionGroup group = ConnectionGroup.builder().maxQueuedMessages(100_000).maxQueuedBytes(256 * 1024)
                .slowConsumerTimeout(Duration.ofMillis(200)).build();
        CountDownLatch joined = new CountDownLatch(2);
        Server server = listeners(group, joined);
        Connection fast = open.connect(server);
        open.connect(server);
        await(joined);
        Inbox fastInbox = new Inbox(fast);
        int sent = 0;
        while (group.stats().disconnectedSlow() == 0) {
            assertThat(sent).as("messages broadcast before the slow member was cut off").isLessThan(50_000);
            sent = burst(group, fastInbox, sent);
        }
        GroupStats stats = group.stats();
        assertThat(stats.members()).isEqualTo(1);
        assertThat(stats.peakQueueBytes()).isLessThanOrEqualTo(256 * 1024);
        assertThat(stats.peakQueue()).isLessThanOrEqualTo(256 * 1024 / 4000);
    }

    @Test
    void aSlowMemberLosesItsOldestMessagesAndCatchesUp() throws Exception {
        ConnectionGroup group = ConnectionGroup.builder().policy(SlowConsumerPolicy.DROP_OLDEST)
                .maxQueuedMessages(64).build();
        CountDownLatch joined = new CountDownLatch(2);
        Server server = listeners(group, joined);
        Connection fast = open.connect(server);
        Connection slow = open.connect(server);
        await(joined);
        Inbox fastInbox = new Inbox(fast);
        int sent = 0;
        while (group.stats().dropped() < 200) {
            assertThat(sent).as("messages broadcast before the slow member dropped any").isLessThan(50_000);
            sent = burst(group, fastInbox, sent);
        }
        Inbox slowInbox = new Inbox(slow);
        List<Integer> received = new ArrayList<>();
        int last = -1;
        while (last != sent - 1) {
            last = sequence(slowInbox.next());
            received.add(last);
        }
        GroupStats stats = group.stats();
        assertThat(received).isSorted().doesNotHaveDuplicates();
        assertThat(received.size() + stats.dropped()).as("received + dropped").isEqualTo(sent);
        assertThat(stats.disconnectedSlow()).isZero();
        assertThat(stats.members()).isEqualTo(2);
        assertThat(stats.peakQueue()).isLessThanOrEqualTo(64);
    }

    private static final String PAD = "x".repeat(4000);

    /** Broadcasts 32 numbered 4 KB messages and checks the fast member got each, in order. */
    private static int burst(ConnectionGroup group, Inbox fast, int from) throws InterruptedException {
        for (int i = from; i < from + 32; i++) {
            group.broadcast("m " + i + " " + PAD + "\n");
        }
        for (int i = from; i < from + 32; i++) {
            assertThat(sequence(fast.next())).isEqualTo(i);
        }
        return from + 32;
    }

    private static int sequence(String line) {
        return Integer.parseInt(line.substring(2, line.indexOf(' ', 2)));
    }

    @Test
    void aThousandMembersEachGetEveryMessageFromTheOthers() throws Exception {
        int n = 1000;
        ConnectionGroup group = ConnectionGroup.create();
        CountDownLatch joined = new CountDownLatch(n);
        Server server = relay(group, joined, new CountDownLatch(n));
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(open.connect(server));
        }
        await(joined);
        List<Inbox> inboxes = clients.stream().map(Inbox::new).toList();
        int[] senders = {0, 500, 999};
        for (int s : senders) {
            clients.get(s).send("hello from " + s + "\n");
        }
        for (int i = 0; i < n; i++) {
            List<String> expected = new ArrayList<>();
            for (int s : senders) {
                if (s != i) {
                    expected.add("hello from " + s);
                }
            }
            List<String> got = new ArrayList<>();
            for (int k = 0; k < expected.size(); k++) {
                got.add(inboxes.get(i).next());
            }
            assertThat(got).as("member %d", i).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(group.stats().broadcast()).isEqualTo(senders.length);
        assertThat(group.members()).isEqualTo(n);
    }

    @Test
    void aMemberResetMidBroadcastLeavesAndTheOthersGetEverything() throws Exception {
        // room for the whole burst: the readers here may lag the sender, and must not count as slow
        ConnectionGroup group = ConnectionGroup.builder().maxQueuedMessages(4096).build();
        CountDownLatch joined = new CountDownLatch(5);
        CountDownLatch closed = new CountDownLatch(1);
        Server server = relay(group, joined, closed);
        List<Connection> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(open.connect(server));
        }
        await(joined);
        List<Inbox> inboxes = clients.stream().map(Inbox::new).toList();
        Thread sender = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 2000; i++) {
                group.broadcast("m " + i + " " + PAD.substring(0, 100) + "\n");
            }
        });
        assertThat(sequence(inboxes.get(2).next())).isZero();
        clients.get(2).abort();
        assertThat(sender.join(Duration.ofSeconds(Inbox.WAIT_SECONDS))).isTrue();
        for (int i : new int[] {0, 1, 3, 4}) {
            for (int m = 0; m < 2000; m++) {
                assertThat(sequence(inboxes.get(i).next())).isEqualTo(m);
            }
        }
        await(closed);
        assertThat(group.members()).isEqualTo(4);
    }

    @Test
    void aClosedConnectionLeavesByItself() throws Exception {
        ConnectionGroup group = ConnectionGroup.create();
        CountDownLatch closed = new CountDownLatch(1);
        Server server = relay(group, new CountDownLatch(1), closed);
        Connection client = open.connect(server);
        client.send("hi\n");
        client.close();
        await(closed);
        assertThat(group.members()).isZero();
        assertThat(group.broadcast("anyone?\n")).isZero();
    }

    @Test
    void joinLeaveAndCloseKeepTheirContracts() throws Exception {
        ConnectionGroup group = ConnectionGroup.create();
        CountDownLatch joined = new CountDownLatch(1);
        ConnectionGroup other = ConnectionGroup.create();
        Server server = listeners(other, joined);
        Connection client = open.connect(server);
        await(joined);
        assertThat(group.join(client)).isTrue();
        assertThat(group.join(client)).isFalse();
        assertThat(group.broadcast("one\n")).isEqualTo(1);
        assertThat(group.broadcast("two\n", client)).isZero();
        assertThat(group.send(client, "three\n")).isTrue();
        assertThat(group.leave(client)).isTrue();
        assertThat(group.leave(client)).isFalse();
        assertThat(group.send(client, "four\n")).isFalse();
        assertThat(group.join(client)).isTrue();
        group.close();
        assertThat(group.members()).isZero();
        assertThat(client.isOpen()).isTrue();
        assertThatThrownBy(() -> group.join(client)).isInstanceOf(IllegalStateException.class);
        client.close();
        assertThat(other.join(client)).isFalse();
    }

    @Test
    void theBuilderRejectsNonsense() {
        assertThatThrownBy(() -> ConnectionGroup.builder().maxQueuedMessages(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxQueuedMessages");
        assertThatThrownBy(() -> ConnectionGroup.builder().maxQueuedBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxQueuedBytes");
        assertThatThrownBy(() -> ConnectionGroup.builder().policy(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("policy");
        ConnectionGroup group = ConnectionGroup.create();
        assertThat(group.policy()).isEqualTo(SlowConsumerPolicy.DISCONNECT);
        assertThat(group.maxQueuedMessages()).isEqualTo(ConnectionGroup.DEFAULT_MAX_QUEUED_MESSAGES);
        assertThat(group.maxQueuedBytes()).isEqualTo(ConnectionGroup.DEFAULT_MAX_QUEUED_BYTES);
    }
}
