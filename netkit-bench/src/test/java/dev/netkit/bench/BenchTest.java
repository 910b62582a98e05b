package dev.netkit.bench;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.bench.tools.SelfSignedKeys;
import dev.netkit.services.EchoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

/** {@link Bench#run} against an in-process raw echo server; checks what is counted, never the speed. */
class BenchTest {

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    private BenchResult.Load run(BenchPlan plan) throws Exception {
        return (BenchResult.Load) Bench.run(plan, new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    private String progress() {
        return progress.toString(StandardCharsets.UTF_8);
    }

    @Test
    void idleOverTlsHoldsEveryConnectionAfterItsEcho(@TempDir Path dir) throws Exception {
        SelfSignedKeys keys = SelfSignedKeys.create(dir);
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .tls(keys.serverTls()).handler(EchoService.raw()).start()) {
            BenchResult.Idle r = (BenchResult.Idle) Bench.run(BenchPlan.builder(BenchMode.IDLE, new InetSocketAddress("127.0.0.1", server.port()))
                    .connections(12).size(100).duration(Duration.ofMillis(300)).tls(keys::clientTls)
                    .serverPid(ProcessHandle.current().pid()).settle(Duration.ofSeconds(2)).build(),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            assertThat(r.failure()).isEmpty();
            assertThat(r.opened()).isEqualTo(12);
            assertThat(r.answered()).isEqualTo(12);
            assertThat(r.openAtEnd()).isEqualTo(12);
            assertThat(r.rssAfterKib()).isPositive();
            // The same two halves as plain connections.
            assertThat(r.halfWay()).hasValueSatisfying(h -> {
                assertThat(h.opened()).isEqualTo(6);
                assertThat(h.rssKib()).isPositive();
            });
            assertThat(r.marginalKibPerConnection()).isPresent();
            assertThat(BenchReport.json(r)).contains("\"mode\":\"idle\"", "\"tls\":true", "\"answered\":12",
                    "\"half_opened\":6,");
        }
    }

    @Test
    void idleWithTheServerProcessSamplesItsMemoryHalfWayAndTellsTheMarginalCost() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start()) {
            BenchResult.Idle r = (BenchResult.Idle) Bench.run(BenchPlan.builder(BenchMode.IDLE, new InetSocketAddress("127.0.0.1", server.port()))
                    .connections(41).size(64).duration(Duration.ofMillis(300)).settle(Duration.ofSeconds(3))
                    .serverPid(ProcessHandle.current().pid()).build(), new PrintStream(progress, true, StandardCharsets.UTF_8));
            assertThat(r.complete()).as(BenchReport.text(r)).isTrue();
            assertThat(r.answered()).isEqualTo(41);
            assertThat(r.rssBeforeKib()).isPositive();
            assertThat(r.rssAfterKib()).isPositive();
            BenchResult.Idle.HalfWay half = r.halfWay().orElseThrow();
            assertThat(half.opened()).isEqualTo(20).isLessThanOrEqualTo(r.opened());
            assertThat(half.rssKib()).isPositive();
            assertThat(half.settleSeconds()).isPositive();
            assertThat(r.marginalKibPerConnection()).isPresent();
            assertThat(BenchReport.text(r)).contains(", marginal ", " KiB per connection\n",
                    "  half-way    ", " KiB at 20 connections (");
            String json = BenchReport.json(r);
            assertThat(json).contains("\"half_opened\":20,", "\"rss_half_kib\":" + half.rssKib() + ",")
                    .containsPattern("\"marginal_kib_per_connection\":-?\\d+\\.\\d{3}}$");
        }
    }

    @Test
    void idleWithoutTheServerProcessOpensInOneGoAndTellsNoMarginalCost() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start()) {
            BenchResult.Idle r = (BenchResult.Idle) Bench.run(BenchPlan.builder(BenchMode.IDLE, new InetSocketAddress("127.0.0.1", server.port()))
                    .connections(10).duration(Duration.ofMillis(200)).build(), new PrintStream(progress, true, StandardCharsets.UTF_8));
            assertThat(r.complete()).isTrue();
            assertThat(r.halfWay()).isEmpty();
            assertThat(r.marginalKibPerConnection()).isEmpty();
            assertThat(BenchReport.text(r)).doesNotContain("marginal", "half-way");
            assertThat(BenchReport.json(r)).contains("\"rss_half_kib\":null,", "\"marginal_kib_per_connection\":null}");
        }
    }

    @Test
    void idleWithOneConnectionHasNoHalves() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start()) {
            BenchResult.Idle r = (BenchResult.Idle) Bench.run(BenchPlan.builder(BenchMode.IDLE, new InetSocketAddress("127.0.0.1", server.port()))
                    .connections(1).duration(Duration.ofMillis(200)).serverPid(ProcessHandle.current().pid()).build(),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            assertThat(r.complete()).isTrue();
            assertThat(r.rssAfterKib()).isPositive();
            assertThat(r.halfWay()).isEmpty();
            assertThat(r.marginalKibPerConnection()).isEmpty();
        }
    }

    @Test
    void idleThatCannotOpenTheFirstHalfTellsWhyAndNoMarginalCost() throws Exception {
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        BenchResult.Idle r = (BenchResult.Idle) Bench.run(BenchPlan.builder(BenchMode.IDLE, new InetSocketAddress("127.0.0.1", port))
                .connections(10).duration(Duration.ofMillis(200)).serverPid(ProcessHandle.current().pid()).build(),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(r.opened()).isZero();
        assertThat(r.failure()).contains("refused");
        assertThat(r.halfWay()).isEmpty();
        assertThat(r.marginalKibPerConnection()).isEmpty();
        assertThat(BenchReport.text(r)).contains("no marginal figure: opening stopped before half-way");
    }

    @Test
    void pingPongCountsRoundTripsByTheirLatencies() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start()) {
            BenchResult.Load r = run(BenchPlan.builder(BenchMode.PINGPONG, new InetSocketAddress("127.0.0.1", server.port()))
                    .connections(5).threads(2).size(100).warmup(Duration.ofMillis(200)).duration(Duration.ofMillis(600)).build());
            assertThat(r.complete()).isTrue();
            assertThat(r.errors()).isZero();
            assertThat(r.tls()).isEmpty();
            assertThat(r.operations()).isPositive();
            // 100 bytes back per round trip; bytes and round trips are sampled a moment apart.
            assertThat(r.bytesIn()).isCloseTo(r.operations() * 100, withinPercentage(20));
            assertThat(r.seconds()).isBetween(0.5, 5.0);
            assertThat(progress()).matches("(?s)\\[ +[\\d.]+s] warm-up [\\d,]+ round trips/s  p50 \\S+  p99 \\S+  max \\S+  errors 0\n.*");
        }
    }

    @Test
    void pacedPingPongKeepsToTheRateAcrossThreadsAndChargesTheServer() throws Exception {
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start()) {
            BenchResult.Load r = run(BenchPlan.builder(BenchMode.PINGPONG, new InetSocketAddress("127.0.0.1", server.port()))
                    .connections(6).threads(2).rate(300).serverPid(ProcessHandle.current().pid())
                    .warmup(Duration.ofMillis(300)).duration(Duration.ofMillis(1500)).build());
            assertThat(r.complete()).isTrue();
            // Generous bounds: the machine may be busy, but the schedule does not wait for replies.
            assertThat(r.operationsPerSecond()).isBetween(150.0, 450.0);
            assertThat(r.bytesIn()).isCloseTo(r.operations() * 64, withinPercentage(20));
            assertThat(r.serverCpu()).isNotNegative();
            assertThat(r.serverCpuMicrosPerOperation()).isNotNegative();
            assertThat(r.serverCpuMillisPerMegabyte()).isNotNegative();
        }
    }

    @Test
    void streamOverAUnixSocketCountsEchoedChunks(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("echo.sock");
        try (Server server = Server.builder().listen(Endpoint.unix(socket)).handler(EchoService.raw()).start()) {
            BenchResult.Load r = run(BenchPlan.builder(BenchMode.STREAM, UnixDomainSocketAddress.of(socket))
                    .connections(3).threads(2).size(16 * 1024).warmup(Duration.ZERO).duration(Duration.ofMillis(500)).build());
            assertThat(r.complete()).isTrue();
            // Chunks are counted when their last byte is back, bytes as they come; both are
            // sampled a moment apart while the load runs, so the two agree only roughly.
            assertThat(r.bytesIn()).isCloseTo(r.operations() * 16 * 1024, withinPercentage(20));
            assertThat(progress()).contains(" MB/s  p50 ");
        }
    }

    @Test
    void aServerThatIsNotThereFailsTheRun() throws Exception {
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        BenchPlan plan = BenchPlan.builder(BenchMode.PINGPONG, new InetSocketAddress("127.0.0.1", port)).build();
        assertThatThrownBy(() -> run(plan)).isInstanceOf(ConnectException.class);
    }
}
