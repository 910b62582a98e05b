package dev.netkit.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report's exact text and JSON: people read the one, and bench/run.sh and report.py parse the
 * other, field by field.
 */
class BenchReportTest {

    private static final InetSocketAddress TCP = new InetSocketAddress("127.0.0.1", 9000);
    private static final Optional<NegotiatedTls> TLS = Optional.of(new NegotiatedTls("TLSv1.3", "TLS_AES_128_GCM_SHA256"));

    /** 1,000 latencies from 0.5 us to about 1 ms, and one of 2 s. */
    private static Latency latencies() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 1000; i++) {
            h.recordValue(i * 1000L + 500);
        }
        h.recordValue(2_000_000_000L);
        return Latency.of(h);
    }

    private static BenchPlan.Builder plan(BenchMode mode) {
        return BenchPlan.builder(mode, TCP).threads(2).duration(Duration.ofSeconds(5));
    }

    @Test
    void pingPongText() {
        BenchResult result = new BenchResult.Load(plan(BenchMode.PINGPONG).connections(64).build(), 5.0012,
                64 * 1001, 64 * 1002, 0, latencies(), 190.0, -1, Optional.empty());
        assertThat(BenchReport.text(result)).isEqualTo("""
                netkit bench pingpong 127.0.0.1:9000: 64 connections, 64 B messages, 5.0 s measured after 1.0 s warm-up
                  round trips 200/s (1,001 in all, 0.0 MB/s each way)
                  latency     p50 500.7us  p99 990.7us  p99.9 999.9us  max 2.00s
                  errors      0
                  load CPU    190% of one CPU (2 threads): the load generator may be the bottleneck
                """);
    }

    @Test
    void pacedPingPongWithTheServersCpu() {
        BenchResult result = new BenchResult.Load(plan(BenchMode.PINGPONG).connections(64).rate(200).build(), 5.0,
                64 * 1001, 64 * 1001, 0, latencies(), 10.0, 0.02002, Optional.empty());
        assertThat(BenchReport.text(result)).contains(
                "64 connections, 64 B messages, paced at 200 messages/s, 5.0 s measured",
                "  latency     p50 500.7us  p99 990.7us  p99.9 999.9us  max 2.00s (from when each message was due)\n",
                "  server CPU  0.02 s: 20.00 us per message, 312.50 ms per MB echoed\n");
        assertThat(BenchReport.json(result)).contains("\"rate\":200,\"server_cpu_s\":0.020,\"server_cpu_us_per_op\":20.000,"
                + "\"server_cpu_ms_per_mb\":312.500,");
    }

    @Test
    void tlsConnectJson() {
        BenchResult result = new BenchResult.Load(plan(BenchMode.CONNECT).connections(4).warmup(Duration.ofSeconds(8)).build(),
                5, 0, 0, 3, latencies(), 50, -1, TLS);
        assertThat(BenchReport.json(result)).isEqualTo("{\"mode\":\"connect\",\"target\":\"127.0.0.1:9000\","
                + "\"connections\":4,\"size\":0,\"complete\":false,\"tls\":true,\"tls_protocol\":\"TLSv1.3\","
                + "\"tls_cipher_suite\":\"TLS_AES_128_GCM_SHA256\",\"warmup_s\":8.000,\"seconds\":5.000,"
                + "\"operations\":1001,\"operations_per_s\":200.200,\"bytes_in\":0,\"bytes_out\":0,\"mb_per_s\":0.000,"
                + "\"errors\":3,\"load_cpu_pct\":50.000,\"rate\":0,\"server_cpu_s\":-1.000,\"server_cpu_us_per_op\":-1.000,"
                + "\"server_cpu_ms_per_mb\":-1.000,\"latency_us\":{\"p50\":500.735,\"p99\":990.719,"
                + "\"p99_9\":999.935,\"max\":2000683.007,\"count\":1001}}");
        assertThat(BenchReport.text(result)).contains(
                "  TLS         TLSv1.3, TLS_AES_128_GCM_SHA256, a full handshake per connection\n",
                "  connections 200/s (1,001 opened and closed)\n",
                "  load CPU    50% of one CPU (2 threads)\n");
    }

    @Test
    void streamOverAUnixSocketWithoutCpuFigure() {
        BenchPlan plan = BenchPlan.builder(BenchMode.STREAM, UnixDomainSocketAddress.of("/tmp/echo.sock")).build();
        BenchResult result = new BenchResult.Load(plan, 2.5, 123_456_789, 123_456_789, 2, latencies(), -1, -1, Optional.empty());
        assertThat(BenchReport.text(result))
                .startsWith("netkit bench stream /tmp/echo.sock: 1 connection, 64 KiB chunks, 2.5 s measured after 1.0 s warm-up\n")
                .contains("  throughput  49.4 MB/s echoed (1,001 chunks back)\n", "  errors      2\n")
                .doesNotContain("load CPU");
        assertThat(BenchReport.json(result)).contains("\"complete\":false,\"tls\":false,", "\"load_cpu_pct\":-1.000,");
    }

    @Test
    void idleTextAndJsonWithAFailureToQuote() {
        BenchPlan plan = plan(BenchMode.IDLE).connections(3).size(0).build();
        BenchResult result = new BenchResult.Idle(plan, 2, 0, 2, 0.5, -1, -1, "too many \"open\" files\t",
                Optional.empty());
        assertThat(BenchReport.text(result)).isEqualTo("""
                netkit bench idle 127.0.0.1:9000: 3 connections, held 5 s
                  opened      2 in 0.50 s (stopped: too many "open" files\t)
                  still open  2 at the end
                """);
        assertThat(BenchReport.json(result)).isEqualTo("{\"mode\":\"idle\",\"target\":\"127.0.0.1:9000\","
                + "\"connections\":3,\"size\":0,\"complete\":false,\"tls\":false,\"seconds\":5.000,\"opened\":2,"
                + "\"answered\":0,\"open_at_end\":2,\"connect_s\":0.500,\"server_rss_before_kib\":-1,"
                + "\"server_rss_after_kib\":-1,\"server_bytes_per_connection\":-1,"
                + "\"failure\":\"too many \\\"open\\\" files\\u0009\",\"half_opened\":null,\"rss_half_kib\":null,"
                + "\"settle_s\":null,\"rss_half_steady\":null,\"marginal_kib_per_connection\":null}");
    }

    @Test
    void idleWithServerMemoryTellsTheMarginalCostBesideTheAverage() {
        BenchPlan plan = plan(BenchMode.IDLE).connections(10_000).serverPid(1).build();
        BenchResult.Idle result = new BenchResult.Idle(plan, 10_000, 10_000, 10_000, 1.2345, 100_000, 200_000, "",
                Optional.of(new BenchResult.Idle.HalfWay(5_000, 180_000, 3.04, true)));
        assertThat(result.complete()).isTrue();
        assertThat(result.bytesPerConnection()).isEqualTo(10_240);
        assertThat(result.marginalKibPerConnection()).hasValue(4.0);
        assertThat(BenchReport.text(result)).contains("  answered    10,000 (one 64 B echo each)\n",
                "  server RSS  100,000 KiB before, 200,000 KiB after: 10.0 KiB per connection,"
                        + " marginal 4.0 KiB per connection\n",
                "  half-way    180,000 KiB at 5,000 connections (steady after 3.0 s)\n");
        assertThat(BenchReport.json(result)).contains("\"server_bytes_per_connection\":10240,",
                "\"half_opened\":5000,\"rss_half_kib\":180000,\"settle_s\":3.040,\"rss_half_steady\":true,"
                        + "\"marginal_kib_per_connection\":4.000}");
    }

    @Test
    void idleThatStoppedOpeningBeforeHalfWayHasNoMarginalFigureAndSaysWhy() {
        BenchPlan plan = plan(BenchMode.IDLE).connections(10_000).serverPid(1).build();
        BenchResult.Idle result = new BenchResult.Idle(plan, 3_000, 3_000, 3_000, 1.0, 100_000, 130_000,
                "too many open files", Optional.empty());
        assertThat(result.marginalKibPerConnection()).isEmpty();
        assertThat(BenchReport.text(result)).contains("  server RSS  100,000 KiB before, 130,000 KiB after:"
                + " 10.0 KiB per connection, no marginal figure: opening stopped before half-way\n")
                .doesNotContain("half-way    ");
        assertThat(BenchReport.json(result)).contains("\"failure\":\"too many open files\",",
                "\"rss_half_kib\":null,", "\"marginal_kib_per_connection\":null}");
    }

    @Test
    void idleWhoseSecondHalfOpenedNothingHasAHalfWaySampleButNoMarginalFigure() {
        BenchPlan plan = plan(BenchMode.IDLE).connections(4).serverPid(1).settle(Duration.ZERO).build();
        BenchResult.Idle result = new BenchResult.Idle(plan, 2, 2, 2, 0.1, 1_000, 1_100, "connection refused",
                Optional.of(new BenchResult.Idle.HalfWay(2, 1_050, 0, false)));
        assertThat(result.marginalKibPerConnection()).isEmpty();
        assertThat(BenchReport.text(result)).contains("50.0 KiB per connection\n",
                "  half-way    1,050 KiB at 2 connections (sampled at once: no settle time)\n");
        assertThat(BenchReport.json(result)).contains("\"rss_half_kib\":1050,", "\"marginal_kib_per_connection\":null}");
    }

    @Test
    void fanOutText() {
        BenchPlan plan = plan(BenchMode.FANOUT).connections(40).size(1024).senders(4).warmup(Duration.ZERO).threads(1).build();
        BenchResult result = new BenchResult.FanOut(plan, 128, 1.0, 7, 1234, 432, 1, 3, -1, latencies(),
                NO_LATENCY, NO_LATENCY, 0, 0, -1);
        assertThat(BenchReport.text(result)).isEqualTo("""
                netkit bench fanout 127.0.0.1:9000: 40 connections, 1 KiB messages, 4 senders (window 128), 1.0 s measured after 0.0 s warm-up
                  deliveries  1,001/s (1,001 lines to 39 other members each, 0.0 MB/s in)
                  messages    7/s sent (7 in all)
                  latency     p50 500.7us  p99 990.7us  p99.9 999.9us  max 2.00s (send to delivery)
                  errors      1
                  sequence    3 missing, repeated or out of order; undelivered unknown (a connection failed)
                """);
        assertThat(BenchReport.json(result)).contains("\"senders\":4,\"window\":128,\"warmup_s\":0.000,",
                "\"deliveries\":1001,\"deliveries_per_s\":1001.000,\"messages_sent\":7,\"messages_per_s\":7.000,",
                "\"undelivered\":-1,", "\"rate\":0,\"late\":0,\"behind\":0,\"on_schedule\":true,\"nodes\":1,",
                "\"cross_node_latency_us\":{\"p50\":0.000,");
    }

    @Test
    void pacedFanOutOverThreeServersTellsCrossNodeDeliveriesApartAndSaysTheScheduleSlipped() {
        BenchPlan plan = plan(BenchMode.FANOUT).connections(30).senders(3).rate(10_000).warmup(Duration.ZERO).threads(1)
                .spread(List.of(new InetSocketAddress("127.0.0.1", 9001), new InetSocketAddress("127.0.0.1", 9002)))
                .build();
        Latency cross = new Latency(700, 2_000_000, 3_000_000, 4_000_000, 5_000_000);
        Latency same = new Latency(301, 1_000, 2_000, 3_000, 4_000);
        BenchResult.FanOut result = new BenchResult.FanOut(plan, 170, 1.0, 7, 1234, 432, 0, 0, 0, latencies(),
                cross, same, 5, 2, -1);
        assertThat(result.onSchedule()).isFalse();
        assertThat(result.complete()).isTrue();
        assertThat(BenchReport.text(result)).contains(
                ", 3 senders (window 170), paced at 10,000 messages/s, spread over 3 servers, 1.0 s measured",
                "(from when each message was due to its delivery)\n",
                "  cross-node  p50 2.00ms  p99 3.00ms  p99.9 4.00ms  max 5.00ms (700 deliveries from one server to another)\n",
                "  same-node   p50 1.0us  p99 2.0us  p99.9 3.0us  max 4.0us (301 deliveries within one server)\n",
                "  schedule    NOT kept: 5 messages held back past when they were due, 2 overdue and unsent at the end\n");
        assertThat(BenchReport.json(result)).contains("\"rate\":10000,\"late\":5,\"behind\":2,\"on_schedule\":false,\"nodes\":3,",
                "\"cross_node_latency_us\":{\"p50\":2000.000,\"p99\":3000.000,\"p99_9\":4000.000,\"max\":5000.000,\"count\":700}",
                "\"same_node_latency_us\":{\"p50\":1.000,");
    }

    private static final Latency NO_LATENCY = new Latency(0, 0, 0, 0, 0);
}
