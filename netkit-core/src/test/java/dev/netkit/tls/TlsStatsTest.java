package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.ServerStats;
import dev.netkit.testing.Eventually;
import dev.netkit.testing.Inbox;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TlsStatsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TestPki PKI = TestPki.shared();

    @Test
    void handshakesAreCountedAndFailuresCountedAndRecordedByReason(@TempDir Path dir) throws Exception {
        ServerTls tls = ServerTls.builder(KeyMaterial.fromPem(PKI.file("server-cert.pem"), PKI.file("server-key.pem")))
                .handshakeTimeout(Duration.ofSeconds(3)).build(); // long enough for the good client on a busy machine
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("dev.netkit.TlsHandshakeFailed");
            recording.start();
            try (Server server = Server.builder().name("tls-stats").listen(Endpoint.tcp("127.0.0.1", 0)).tls(tls)
                    .handler(c -> {
                        for (String line : c.lines()) {
                            c.send(line + "\n");
                        }
                    }).start()) {
                try (Connection c = Client.connect(server.endpoint(), PKI.clientTls())) {
                    Inbox inbox = new Inbox(c);
                    c.send("over tls\n");
                    assertThat(inbox.next()).isEqualTo("over tls");
                }
                try (Socket silent = new Socket()) {
                    silent.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                    silent.setSoTimeout(10_000);
                    assertThat(silent.getInputStream().read()).isEqualTo(-1); // cut at the handshake timeout
                } catch (java.net.SocketException reset) {
                    // cut by a reset: as good
                }
                try (Socket plain = new Socket()) {
                    plain.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                    plain.setSoTimeout(10_000);
                    OutputStream out = plain.getOutputStream();
                    out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    plain.getInputStream().readAllBytes(); // the server's alert, then the end
                } catch (java.net.SocketException reset) {
                    // cut by a reset: as good
                }
                Eventually.await("three connections to end", WAIT, () -> server.stats().accepted() == 3
                        && server.stats().open() == 0);
                ServerStats stats = server.stats();
                assertThat(stats.tlsHandshakes()).isEqualTo(1);
                assertThat(stats.tlsHandshakesFailed()).isEqualTo(2);
                assertThat(stats.tlsHandshakesFailed(TlsErrors.Reason.TIMEOUT)).isEqualTo(1);
                assertThat(stats.handlerFailures()).isZero();
            }
            recording.stop();
            Path file = dir.resolve("tls.jfr");
            recording.dump(file);
            events = RecordingFile.readAllEvents(file);
        }
        List<String> reasons = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.netkit.TlsHandshakeFailed")
                        && e.getString("server").equals("tls-stats"))
                .map(e -> e.getString("reason")).toList();
        assertThat(reasons).hasSize(2).contains("TIMEOUT");
    }
}
