package dev.netkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.services.EchoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/** Runs {@code netkit bench} against an in-process raw echo server; checks the report, never the speed. */
class BenchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String out, String err) {
        static Run of(String... args) throws Exception {
            return within(30, args);
        }

        /** Runs {@code netkit ARGS} in process with no stdin, failing after {@code seconds}. */
        static Run within(int seconds, String... args) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = CompletableFuture.supplyAsync(() -> Main.run(new ByteArrayInputStream(new byte[0]),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8), args))
                    .get(seconds, TimeUnit.SECONDS);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Server echoServer() throws Exception {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start();
    }

    @Test
    void pingPongReportsRoundTripsAndLatencyAsJson() throws Exception {
        try (Server server = echoServer()) {
            Run run = Run.of("bench", "pingpong", "127.0.0.1:" + server.port(), "-c", "4", "-d", "1s", "-w", "200ms", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            assertThat(r.get("mode").asText()).isEqualTo("pingpong");
            assertThat(r.get("connections").asInt()).isEqualTo(4);
            assertThat(r.get("size").asInt()).isEqualTo(64);
            assertThat(r.get("complete").asBoolean()).isTrue();
            assertThat(r.get("errors").asLong()).isZero();
            assertThat(r.get("load_cpu_pct").asDouble()).isPositive();
            long roundTrips = r.get("operations").asLong();
            assertThat(roundTrips).isPositive();
            // One message back per round trip; bytes and round trips are sampled a moment apart.
            assertThat(r.get("bytes_in").asLong()).isCloseTo(roundTrips * 64, withinPercentage(10));
            assertThat(r.get("seconds").asDouble()).isBetween(0.9, 5.0);
            JsonNode latency = r.get("latency_us");
            assertThat(latency.get("count").asLong()).isPositive();
            assertThat(latency.get("p50").asDouble()).isPositive()
                    .isLessThanOrEqualTo(latency.get("p99").asDouble());
            assertThat(latency.get("p99_9").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble());
            assertThat(run.err()).contains("round trips/s", "warm-up");
        }
    }

    @Test
    void pingPongAtARateKeepsToItAndChargesTheServersCpu() throws Exception {
        try (Server server = echoServer()) {
            Run run = Run.of("bench", "pingpong", "127.0.0.1:" + server.port(), "-c", "4", "--rate", "100", "-d", "2s",
                    "-w", "300ms", "--server-pid", String.valueOf(ProcessHandle.current().pid()), "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            assertThat(r.get("rate").asInt()).isEqualTo(100);
            // The schedule does not wait for replies: about 100 a second (a slow machine delays
            // echoes, but 64 may be in flight).
            assertThat(r.get("operations_per_s").asDouble()).isBetween(50.0, 150.0);
            assertThat(r.get("server_cpu_s").asDouble()).isNotNegative();
            assertThat(r.get("server_cpu_us_per_op").asDouble()).isNotNegative();
            assertThat(r.get("server_cpu_ms_per_mb").asDouble()).isNotNegative();
            assertThat(r.get("latency_us").get("p50").asDouble()).isPositive();
        }
    }

    @Test
    void streamOverAUnixSocketPrintsMegabytesPerSecond(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        try (Server server = Server.builder().listen(Endpoint.unix(path)).handler(EchoService.raw()).start()) {
            Run run = Run.of("bench", "stream", "--unix", path.toString(), "-c", "2", "-d", "1s", "-w", "0", "-t", "1");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("netkit bench stream " + path + ": 2 connections, 64 KiB chunks")
                    .contains("MB/s echoed", "p99.9", "errors      0");
        }
    }

    @Test
    void idleOpensAnswersAndHoldsEveryConnectionAndReportsServerMemory() throws Exception {
        try (Server server = echoServer()) {
            Run run = Run.of("bench", "idle", String.valueOf(server.port()), "-c", "50", "-d", "1s",
                    "--server-pid", String.valueOf(ProcessHandle.current().pid()), "--settle", "2s", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            assertThat(r.get("opened").asInt()).isEqualTo(50);
            assertThat(r.get("answered").asInt()).isEqualTo(50);
            assertThat(r.get("open_at_end").asInt()).isEqualTo(50);
            if (Files.exists(Path.of("/proc/self/status"))) {
                // Linux tells a process's resident memory; elsewhere the report says -1.
                assertThat(r.get("server_rss_after_kib").asLong()).isPositive();
                // Opened in two halves, the memory sampled between them.
                assertThat(r.get("half_opened").asInt()).isEqualTo(25);
                assertThat(r.get("rss_half_kib").asLong()).isPositive();
                assertThat(r.get("marginal_kib_per_connection").isNumber()).isTrue();
            }
        }
    }

    @Test
    void idleCountsConnectionsTheServerNeverAnswers() throws Exception {
        // A listener that never accepts: connects succeed in the kernel, no echo ever comes.
        try (ServerSocketChannel silent = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) silent.getLocalAddress()).getPort();
            Run run = Run.of("bench", "idle", String.valueOf(port), "-c", "3", "-s", "0", "-d", "1s");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("opened      3", "still open  3").doesNotContain("answered");
        }
    }

    @Test
    void connectOpensAndClosesConnectionsAtTheGivenRate() throws Exception {
        try (Server server = echoServer()) {
            Run run = Run.of("bench", "connect", String.valueOf(server.port()), "-c", "2", "--connect-rate", "200",
                    "-d", "1s", "-w", "0", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            assertThat(r.get("operations").asLong()).isBetween(50L, 400L);
            assertThat(r.get("latency_us").get("count").asLong()).isEqualTo(r.get("operations").asLong());
        }
    }

    @Test
    void aServerThatIsNotThereFailsWithOneLine() throws Exception {
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Run run = Run.of("bench", "pingpong", String.valueOf(port), "-d", "1s");
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).isEqualTo("netkit: connection refused: 127.0.0.1:" + port + "\n"); // as connect says it
        Run unknown = Run.of("bench", "pingpong", "nosuchhost.invalid:9", "-d", "1s");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(unknown.err()).isEqualTo("netkit: unknown host: nosuchhost.invalid\n");
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        assertThat(Run.of("bench", "pingpong").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Run.of("bench", "pingpong", "9000", "-c", "0").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Run.of("bench", "sideways", "9000").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Run.of("bench", "pingpong", "host:port").err()).contains("is not [HOST:]PORT");
        assertThat(Run.of("bench", "stream", "9000", "--rate", "100").err()).contains("--rate is for pingpong and fanout, not stream");
        assertThat(Run.of("bench", "pingpong", "9000", "--rate", "0").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Run.of("bench", "fanout", "9000", "--server-pid", "1").exitCode()).isEqualTo(ExitCode.USAGE);
        Run settle = Run.of("bench", "pingpong", "9000", "--settle", "5s");
        assertThat(settle.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(settle.err()).startsWith("netkit bench: --settle is for idle, not pingpong\n");
        assertThat(Run.of("bench", "idle", "9000", "--settle", "soon").exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
