package dev.netkit.group;

import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.testing.Eventually;
import dev.netkit.testing.Inbox;
import dev.netkit.testing.Opened;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A group on a bus: what {@link GroupBus} promises, over an in-process bus between two groups. */
class GroupBusTest {

    private final Opened open = new Opened();

    @AfterEach
    void closeAll() throws Exception {
        open.close();
    }

    /**
     * Nodes of one process: a publish reaches every other node's group on that node's own thread,
     * in the order published.
     */
    private static final class Hub {
        final List<Node> nodes = new CopyOnWriteArrayList<>();

        Node node() {
            Node node = new Node(this);
            nodes.add(node);
            return node;
        }
    }

    private static final class Node implements GroupBus {
        private final Hub hub;
        private final ExecutorService inboundThread = Executors.newSingleThreadExecutor();
        private final AtomicLong published = new AtomicLong();
        private final AtomicLong received = new AtomicLong();
        private Consumer<byte[]> inbound;

        Node(Hub hub) {
            this.hub = hub;
        }

        @Override
        public void open(String groupName, Consumer<byte[]> inbound) {
            this.inbound = inbound;
        }

        @Override
        public void publish(byte[] payload) {
            published.incrementAndGet();
            for (Node other : hub.nodes) {
                if (other != this) {
                    other.inboundThread.execute(() -> {
                        other.received.incrementAndGet();
                        other.inbound.accept(payload);
                    });
                }
            }
        }

        @Override
        public BusStats stats() {
            return new BusStats(published.get(), received.get(), 0, true);
        }

        @Override
        public void close() {
            inboundThread.shutdownNow();
        }
    }

    /** A server whose connections join {@code group} and relay each line they send to it. */
    private Server relay(ConnectionGroup group) throws IOException {
        Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(conn -> {
                    group.join(conn);
                    for (String line : conn.lines()) {
                        group.broadcast(line + "\n", conn);
                    }
                })
                .start();
        open.add(server);
        return server;
    }

    private ConnectionGroup group(GroupBus bus, SlowConsumerPolicy policy) {
        ConnectionGroup group = ConnectionGroup.builder().bus(bus).policy(policy).maxQueuedMessages(8).build();
        open.add(group);
        return group;
    }

    private static void awaitMembers(ConnectionGroup group, int n) {
        Eventually.await(n + " members", Duration.ofSeconds(30), () -> group.members() == n);
    }

    @Test
    void aGroupWithoutABusHasNone() {
        assertThat(ConnectionGroup.create().bus()).isEmpty();
    }

    @Test
    void eachBroadcastIsPublishedOnceAndDeliveredOnceToEveryMemberOfEveryNode() throws Exception {
        Hub hub = new Hub();
        Node busA = hub.node();
        Node busB = hub.node();
        ConnectionGroup a = group(busA, SlowConsumerPolicy.DISCONNECT);
        ConnectionGroup b = group(busB, SlowConsumerPolicy.DISCONNECT);
        assertThat(a.bus()).containsSame(busA);
        Server serverA = relay(a);
        Server serverB = relay(b);
        Connection sender = open.connect(serverA);
        Inbox senderInbox = new Inbox(sender);
        List<Inbox> others = new ArrayList<>();
        others.add(new Inbox(open.connect(serverA)));
        others.add(new Inbox(open.connect(serverB)));
        Connection last = open.connect(serverB);
        others.add(new Inbox(last));
        awaitMembers(a, 2);
        awaitMembers(b, 2);

        int lines = 200;
        for (int i = 0; i < lines; i++) {
            sender.send("line " + i + "\n");
        }
        for (Inbox inbox : others) {
            for (int i = 0; i < lines; i++) {
                assertThat(inbox.next()).isEqualTo("line " + i);
            }
        }
        assertThat(busA.stats().published()).as("one publication per broadcast").isEqualTo(lines);
        assertThat(busB.stats().received()).isEqualTo(lines);
        assertThat(busB.stats().published()).as("what came from the bus is not published again").isZero();
        // the sender got none of its own lines back, from its node or the other: a reply comes first
        last.send("reply\n");
        assertThat(senderInbox.next()).isEqualTo("reply");
    }

    @Test
    void membersKeepTheirQueueLimitAndPolicyForWhatTheBusBrings() throws Exception {
        Hub hub = new Hub();
        ConnectionGroup a = group(hub.node(), SlowConsumerPolicy.DROP_OLDEST);
        ConnectionGroup b = group(hub.node(), SlowConsumerPolicy.DROP_OLDEST);
        Server serverA = relay(a);
        relay(b);
        Connection sender = open.connect(serverA);
        // a member of node B that never reads: what the bus brings overflows its queue of 8
        Server silent = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(conn -> {
            b.join(conn);
            conn.input().transferTo(OutputStream.nullOutputStream());
        }).start();
        open.add(silent);
        open.connect(silent);
        awaitMembers(a, 1);
        awaitMembers(b, 1);
        String big = "x".repeat(4000);
        for (int i = 0; i < 4000; i++) {
            sender.send(big + "\n");
        }
        Eventually.await("node B's silent member dropping what the bus brought", Duration.ofSeconds(30),
                () -> b.stats().dropped() > 0);
        assertThat(b.stats().members()).as("DROP_OLDEST keeps it").isEqualTo(1);
    }
}
