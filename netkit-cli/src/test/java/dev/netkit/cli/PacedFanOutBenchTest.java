package dev.netkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.group.ConnectionGroup;
import dev.netkit.redis.RedisRoom;
import dev.netkit.redis.testing.RedisServer;
import dev.netkit.services.ChatService;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code netkit bench fanout --rate}: the senders keep a fixed schedule against netkit's own chat
 * room, in process (one node, or three on a real redis-server); checks the counts and that the
 * schedule holds roughly, or that a schedule the room cannot keep is reported as such, never the
 * speed.
 */
class PacedFanOutBenchTest {

    private static BenchCommandTest.Run run(String... args) throws Exception {
        return BenchCommandTest.Run.within(120, args);
    }

    private static Server chatServer() throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(new ChatService()).start();
    }

    @Test
    void aPacedRunSendsAboutTheRateAndTimesDeliveriesFromWhenTheyWereDue() throws Exception {
        try (Server server = chatServer()) {
            int members = 20;
            BenchCommandTest.Run run = run("bench", "fanout", String.valueOf(server.port()), "-c", String.valueOf(members),
                    "--senders", "4", "--rate", "400", "-t", "2", "-d", "2s", "-w", "300ms", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            assertThat(r.get("complete").asBoolean()).isTrue();
            assertThat(r.get("rate").asInt()).isEqualTo(400);
            assertThat(r.get("nodes").asInt()).isOne();
            // The schedule sends about 400 a second whatever the deliveries do (wide bounds: a
            // loaded machine may stall the load, which then counts what it owes).
            double seconds = r.get("seconds").asDouble();
            long sent = r.get("messages_sent").asLong();
            assertThat(sent).isBetween((long) (400 * seconds * 0.5), (long) (400 * seconds * 1.2) + 10);
            assertThat(r.get("late").asLong()).isNotNegative();
            assertThat(r.get("behind").asLong()).isNotNegative();
            assertThat(r.get("on_schedule").asBoolean())
                    .isEqualTo(r.get("late").asLong() == 0 && r.get("behind").asLong() == 0);
            long deliveries = r.get("deliveries").asLong();
            long expected = sent * (members - 1);
            assertThat(deliveries).isBetween(expected - 4L * 128 * (members - 1), expected + 4L * 128 * (members - 1));
            assertThat(r.get("latency_us").get("count").asLong()).isEqualTo(deliveries);
            assertThat(r.get("latency_us").get("p50").asDouble()).isPositive();
            assertThat(r.get("cross_node_latency_us").get("count").asLong()).isZero();
            assertThat(run.err()).contains(" of 400 messages/s");
        }
    }

    @Test
    void aRateTheRoomCannotKeepIsReportedAsSuch() throws Exception {
        try (Server server = chatServer()) {
            BenchCommandTest.Run run = run("bench", "fanout", String.valueOf(server.port()), "-c", "100",
                    "--senders", "2", "--rate", "1000000", "-t", "1", "-d", "1s", "-w", "0");
            // Every message still reached every member: only the schedule slipped.
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("paced at 1,000,000 messages/s", "(from when each message was due to its delivery)",
                    "  schedule    NOT kept: ", "0 undelivered at the end");
            assertThat(run.out()).doesNotContain("cross-node");
        }
    }

    @Test
    void threeNodesOnRedisTellCrossNodeDeliveriesFromSameNodeOnes() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            List<AutoCloseable> open = new ArrayList<>();
            try {
                threeNodes(redis, open);
            } finally {
                for (AutoCloseable c : open.reversed()) {
                    c.close();
                }
            }
        }
    }

    private static void threeNodes(RedisServer redis, List<AutoCloseable> open) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RedisRoom room = RedisRoom.builder(redis.uri("paced")).connect();
            open.add(room);
            ConnectionGroup group = ConnectionGroup.builder().name("chat").bus(room.bus()).build();
            open.add(group);
            Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                    .handler(new ChatService(group, room.roster(), Duration.ZERO)).start();
            open.add(() -> server.stop(Duration.ofSeconds(1)));
            ports.add(server.port());
        }
        int members = 30;
        BenchCommandTest.Run run = run("bench", "fanout", String.valueOf(ports.get(0)), "-c", String.valueOf(members),
                "--senders", "3", "--rate", "300", "-t", "2", "-d", "2s", "-w", "500ms",
                "--spread", ports.get(1) + ",127.0.0.1:" + ports.get(2), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode r = run.json();
        assertThat(r.get("complete").asBoolean()).isTrue();
        assertThat(r.get("nodes").asInt()).isEqualTo(3);
        long deliveries = r.get("deliveries").asLong();
        long cross = r.get("cross_node_latency_us").get("count").asLong();
        long same = r.get("same_node_latency_us").get("count").asLong();
        // The same deliveries, give or take those made while a sample was being taken.
        assertThat(cross + same).isCloseTo(deliveries, within(deliveries / 50 + 10));
        // Members are dealt to the nodes in turn: of each sender's 29 others, 20 are elsewhere.
        assertThat((double) cross / deliveries).isBetween(0.55, 0.78);
        assertThat(r.get("cross_node_latency_us").get("p99").asDouble()).isPositive();

        BenchCommandTest.Run text = run("bench", "fanout", String.valueOf(ports.get(0)), "-c", "9", "--senders", "3",
                "--rate", "100", "-d", "1s", "-w", "200ms", "-q", "--spread", ports.get(1) + "," + ports.get(2));
        assertThat(text.exitCode()).as(text.out() + text.err()).isZero();
        assertThat(text.out()).contains("paced at 100 messages/s, spread over 3 servers", "  cross-node  p50 ",
                "deliveries from one server to another", "  same-node   p50 ", "  schedule    ");
    }
}
