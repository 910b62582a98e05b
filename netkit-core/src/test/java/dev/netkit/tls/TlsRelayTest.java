package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Connection#relay} between a TLS connection and a plain one (a TLS terminator), where the
 * bytes must go through the heap to be decrypted and encrypted: a stream crosses both ways
 * intact, and the client's half-close reaches the plain backend.
 */
class TlsRelayTest {

    private static final int SIZE = 4 * 1024 * 1024;
    private static final TestPki PKI = TestPki.shared();

    @Test
    void aTlsTerminatorCarriesAStreamToAPlainEchoAndBackIntact() throws Exception {
        byte[] data = new byte[SIZE];
        new Random(13).nextBytes(data);
        try (Server echo = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> c.input().transferTo(c.output())).start();
             Server terminator = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(PKI.serverTls())
                     .handler(c -> {
                         try (Connection plain = Client.connect(echo.endpoint())) {
                             c.relay(plain);
                         }
                     }).start();
             Connection conn = Client.connect(terminator.endpoint(), PKI.clientTls())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = conn.input()) {
                    return in.readAllBytes();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            for (int offset = 0; offset < SIZE; offset += 100_000) {
                conn.output().write(data, offset, Math.min(100_000, SIZE - offset));
            }
            conn.shutdownOutput();
            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(data);
        }
    }
}
