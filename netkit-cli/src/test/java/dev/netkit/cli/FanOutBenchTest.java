package dev.netkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.group.GroupStats;
import dev.netkit.services.ChatService;
import dev.netkit.services.EchoService;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code netkit bench fanout} against netkit's own chat room, in process; checks that the
 * report adds up (every message reached every other member once), never the speed.
 */
class FanOutBenchTest {

    /** As {@link BenchCommandTest.Run#of}, with room for a thousand members to join first. */
    private static BenchCommandTest.Run run(String... args) throws Exception {
        return BenchCommandTest.Run.within(90, args);
    }

    private static Server chatServer(ChatService chat) throws Exception {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(chat).start();
    }

    @Test
    void everyMessageReachesEveryOtherMemberAndTheReportAddsUp() throws Exception {
        ChatService chat = new ChatService();
        try (Server server = chatServer(chat)) {
            int members = 40;
            BenchCommandTest.Run run = run("bench", "fanout", "127.0.0.1:" + server.port(),
                    "-c", String.valueOf(members), "--senders", "4", "-t", "2", "-d", "1s", "-w", "200ms", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            assertThat(r.get("mode").asText()).isEqualTo("fanout");
            assertThat(r.get("connections").asInt()).isEqualTo(members);
            assertThat(r.get("senders").asInt()).isEqualTo(4);
            assertThat(r.get("size").asInt()).isEqualTo(64);
            assertThat(r.get("complete").asBoolean()).isTrue();
            assertThat(r.get("errors").asLong()).isZero();
            assertThat(r.get("sequence_errors").asLong()).isZero();
            // After the senders stopped and the last messages arrived, nothing was owed to anyone.
            assertThat(r.get("undelivered").asLong()).isZero();

            long sent = r.get("messages_sent").asLong();
            long deliveries = r.get("deliveries").asLong();
            int window = r.get("window").asInt();
            assertThat(window).isEqualTo(512 / 4);
            assertThat(sent).isPositive();
            // Over the measured time, each message sent reached the other members, give or take
            // what was in flight at its start and end (at most the senders' windows), and what
            // arrived in the moment between reading the latency histograms and the counters at
            // either end, with the load running: on a busy machine a thread descheduled there for
            // a few milliseconds makes thousands of deliveries (2% allowed).
            long expected = sent * (members - 1);
            long inFlight = 4L * window * (members - 1) + expected / 50;
            assertThat(deliveries).isBetween(expected - inFlight, expected + inFlight);
            assertThat(r.get("latency_us").get("count").asLong()).isEqualTo(deliveries);
            assertThat(r.get("deliveries_per_s").asDouble()).isPositive();
            JsonNode latency = r.get("latency_us");
            assertThat(latency.get("p50").asDouble()).isPositive().isLessThanOrEqualTo(latency.get("p99").asDouble());
            assertThat(latency.get("p99_9").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble());
            assertThat(run.err()).contains("deliveries/s", "messages/s", "warm-up");

            // The load's window kept every member's queue short: the room never cut anyone off.
            GroupStats stats = chat.group().stats();
            assertThat(stats.disconnectedSlow()).isZero();
            assertThat(stats.dropped()).isZero();
        }
    }

    @Test
    void aThousandMembersWithOneSenderPrintTheTextReport() throws Exception {
        ChatService chat = new ChatService();
        try (Server server = chatServer(chat)) {
            BenchCommandTest.Run run = run("bench", "fanout", String.valueOf(server.port()),
                    "-d", "1s", "-w", "0", "-q");
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    .startsWith("netkit bench fanout 127.0.0.1:" + server.port()
                            + ": 1,000 connections, 64 B messages, 1 sender (window 512)")
                    .contains("lines to 999 other members each", "/s sent", "p99.9", "errors      0",
                            "0 missing, repeated or out of order; 0 undelivered at the end");
            assertThat(chat.group().stats().disconnectedSlow()).isZero();
        }
    }

    @Test
    void anEchoServerIsNotARelayAndTheRunSaysSo() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start()) {
            BenchCommandTest.Run run = run("bench", "fanout", String.valueOf(server.port()),
                    "-c", "3", "-d", "1s", "-q");
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().strip()).startsWith("netkit: no relay: no member heard another's line within 10 s")
                    .contains("127.0.0.1:" + server.port()).doesNotContain("\n");
        }
    }

    @Test
    void badFanOutArgumentsAreUsageErrors() throws Exception {
        BenchCommandTest.Run one = BenchCommandTest.Run.of("bench", "fanout", "9000", "-c", "1");
        assertThat(one.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(one.err()).contains("at least 2 connections");
        BenchCommandTest.Run senders = BenchCommandTest.Run.of("bench", "fanout", "9000", "-c", "10", "--senders", "11");
        assertThat(senders.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(senders.err()).contains("senders must be 1-10");
        BenchCommandTest.Run small = BenchCommandTest.Run.of("bench", "fanout", "9000", "-s", "16");
        assertThat(small.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(small.err()).contains("size must be at least 48");
    }
}
