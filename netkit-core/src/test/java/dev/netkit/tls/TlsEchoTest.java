package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class TlsEchoTest {

    private static final int SIZE = 1024 * 1024;

    private static final TestPki PKI = TestPki.shared();

    @Test
    void oneMebibyteOfRandomBytesComesBackExactOverTcp() throws Exception {
        roundTrip(Endpoint.tcp("127.0.0.1", 0));
    }

    @Test
    void oneMebibyteOfRandomBytesComesBackExactOverUnixSocket(@TempDir Path socketDir) throws Exception {
        roundTrip(Endpoint.unix(socketDir.resolve("tls.sock")));
    }

    /** The client writes on this thread while another reads: the two directions of TLS run at once. */
    private static void roundTrip(Endpoint endpoint) throws Exception {
        byte[] data = new byte[SIZE];
        Random random = new Random(7);
        random.nextBytes(data);
        try (Server server = Server.builder().listen(endpoint).tls(PKI.serverTls())
                .handler(c -> c.input().transferTo(c.output()))
                .start();
             Connection conn = Client.connect(server.endpoint(), PKI.clientTls())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = conn.input()) {
                    return in.readAllBytes();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            OutputStream out = conn.output();
            int offset = 0;
            while (offset < SIZE) {
                int chunk = Math.min(1 + random.nextInt(40_000), SIZE - offset);
                out.write(data, offset, chunk);
                if (random.nextBoolean()) {
                    out.flush();
                }
                offset += chunk;
            }
            conn.shutdownOutput();
            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(data);
        }
    }

    @Test
    void aPeerThatNeverHandshakesIsCutWhileOthersAreServed() throws Exception {
        ServerTls tls = ServerTls.builder(KeyMaterial.fromPem(PKI.file("server-cert.pem"), PKI.file("server-key.pem")))
                .handshakeTimeout(Duration.ofMillis(300)).build();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(tls)
                .handler(c -> {
                    for (String line : c.lines()) {
                        c.send("echo " + line + "\n");
                    }
                })
                .start();
             Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            silent.setSoTimeout(10_000);
            long start = System.nanoTime();

            try (Connection conn = Client.connect(server.endpoint(), PKI.clientTls())) {
                conn.send("hello\n");
                byte[] reply = new byte[11];
                assertThat(conn.input().readNBytes(reply, 0, reply.length)).isEqualTo(reply.length);
                assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("echo hello\n");
            }

            Throwable cut = catchThrowable(() -> assertThat(silent.getInputStream().read()).isEqualTo(-1));
            assertThat(cut).satisfiesAnyOf(
                    t -> assertThat(t).isNull(),
                    t -> assertThat(t).isInstanceOf(java.net.SocketException.class));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void theClientGivesUpOnAServerThatNeverAnswers() throws Exception {
        try (java.net.ServerSocket mute = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ClientTls tls = ClientTls.builder().trust(PKI.file("ca-cert.pem")).handshakeTimeout(Duration.ofMillis(300)).build();
            Throwable failure = catchThrowable(() -> Client.connect(Endpoint.tcp("127.0.0.1", mute.getLocalPort()), tls));
            assertThat(failure).isInstanceOf(java.net.SocketTimeoutException.class).hasMessageContaining("TLS handshake");
            assertThat(TlsErrors.reason(failure)).isEqualTo(TlsErrors.Reason.TIMEOUT);
            assertThat(TlsErrors.describe(failure)).isEqualTo("TLS handshake with 127.0.0.1 timed out after 300 ms");
        }
    }
}
