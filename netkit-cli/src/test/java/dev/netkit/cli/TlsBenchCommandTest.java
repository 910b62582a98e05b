package dev.netkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.cli.BenchCommandTest.Run;
import dev.netkit.cli.tls.SelfSigned;
import dev.netkit.services.EchoService;
import dev.netkit.tls.ServerTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/** {@code netkit bench --tls} against an in-process netkit TLS echo server; checks the report, never the speed. */
class TlsBenchCommandTest {

    @TempDir
    Path dir;

    /** A raw echo server over TLS with a self-signed certificate for localhost; its PEM is at {@link #cert()}. */
    private Server tlsEchoServer() throws Exception {
        SelfSigned pair = SelfSigned.forLocalhost();
        pair.writePem(cert(), dir.resolve("key.pem"));
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .tls(ServerTls.builder(pair.keyMaterial()).build())
                .handler(EchoService.raw()).start();
    }

    private Path cert() {
        return dir.resolve("cert.pem");
    }

    @Test
    void pingPongOverTlsReportsRoundTripsAndTheNegotiatedSessionAsJson() throws Exception {
        try (Server server = tlsEchoServer()) {
            Run run = Run.of("bench", "pingpong", "127.0.0.1:" + server.port(), "--tls", "--ca", cert().toString(),
                    "-c", "4", "-d", "1s", "-w", "200ms", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            assertThat(r.get("mode").asText()).isEqualTo("pingpong");
            assertThat(r.get("tls").asBoolean()).isTrue();
            assertThat(r.get("tls_protocol").asText()).isEqualTo("TLSv1.3");
            assertThat(r.get("tls_cipher_suite").asText()).startsWith("TLS_");
            assertThat(r.get("connections").asInt()).isEqualTo(4);
            assertThat(r.get("complete").asBoolean()).isTrue();
            assertThat(r.get("errors").asLong()).isZero();
            long roundTrips = r.get("operations").asLong();
            assertThat(roundTrips).isPositive();
            assertThat(r.get("bytes_in").asLong()).isCloseTo(roundTrips * 64, withinPercentage(10));
            assertThat(r.get("latency_us").get("count").asLong()).isEqualTo(roundTrips);
            assertThat(run.err()).contains("[ tls ] 4 connections opened", "round trips/s");
        }
    }

    @Test
    void streamOverTlsWithInsecurePrintsMegabytesPerSecondAndTheSession() throws Exception {
        try (Server server = tlsEchoServer()) {
            Run run = Run.of("bench", "stream", String.valueOf(server.port()), "--tls", "--insecure",
                    "-c", "2", "-d", "1s", "-w", "0");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("netkit bench stream 127.0.0.1:" + server.port() + ": 2 connections, 64 KiB chunks")
                    .contains("TLS         TLSv1.3, TLS_", "MB/s echoed", "errors      0");
        }
    }

    @Test
    void connectOverTlsCountsFullHandshakes() throws Exception {
        try (Server server = tlsEchoServer()) {
            Run run = Run.of("bench", "connect", "localhost:" + server.port(), "--tls", "--ca", cert().toString(),
                    "--servername", "localhost", "-c", "2", "--connect-rate", "40", "-d", "1s", "-w", "0", "--json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode r = run.json();
            assertThat(r.get("mode").asText()).isEqualTo("connect");
            assertThat(r.get("tls").asBoolean()).isTrue();
            assertThat(r.get("tls_protocol").asText()).isEqualTo("TLSv1.3");
            assertThat(r.get("operations").asLong()).isBetween(1L, 200L);
            assertThat(r.get("latency_us").get("count").asLong()).isEqualTo(r.get("operations").asLong());
            assertThat(r.get("errors").asLong()).isZero();
        }
    }

    @Test
    void aServerThatDoesNotSpeakTlsFailsWithOneLine() throws Exception {
        try (Server plain = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(EchoService.raw()).start()) {
            for (String mode : new String[] {"pingpong", "connect"}) {
                Run run = Run.of("bench", mode, String.valueOf(plain.port()), "--tls", "--insecure", "-d", "1s");
                assertThat(run.exitCode()).as(mode).isEqualTo(ExitCode.FAILURE);
                assertThat(run.err()).as(mode).startsWith("netkit: no TLS handshake with 127.0.0.1:" + plain.port())
                        .contains("is it a TLS server?").doesNotContain("\tat ");
                assertThat(run.err().lines()).as(mode).hasSize(1);
            }
        }
    }

    @Test
    void anUnverifiedCertificateFailsWithOneLineWithoutInsecure() throws Exception {
        try (Server server = tlsEchoServer()) {
            Run run = Run.of("bench", "stream", String.valueOf(server.port()), "--tls", "-d", "1s");
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
            assertThat(run.err()).startsWith("netkit: untrusted issuer").doesNotContain("\tat ");
            assertThat(run.err().lines()).hasSize(1);
        }
    }

    @Test
    void tlsOptionsThatDoNotFitAreUsageErrors() throws Exception {
        Run noTls = Run.of("bench", "pingpong", "9000", "--insecure");
        assertThat(noTls.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noTls.err()).startsWith("netkit bench: --insecure needs --tls");
        assertThat(Run.of("bench", "fanout", "9000", "--tls").err())
                .startsWith("netkit bench: --tls is for pingpong, stream, connect and idle, not fanout");
        assertThat(Run.of("bench", "pingpong", "9000", "--tls", "--insecure", "--ca", "ca.pem").err())
                .startsWith("netkit bench: --insecure and --ca do not go together");
        assertThat(Run.of("bench", "pingpong", "9000", "--tls", "-t", "2").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(Run.of("bench", "pingpong", "9000", "--tls", "--source-addresses", "2").exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
