package dev.netkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EchoRoundTripTest {

    private static final int SIZE = 1024 * 1024;

    @Test
    void oneMebibyteOfRandomBytesComesBackExactOverTcp() throws Exception {
        roundTrip(Endpoint.tcp("127.0.0.1", 0));
    }

    @Test
    void oneMebibyteOfRandomBytesComesBackExactOverUnixSocket(@TempDir Path dir) throws Exception {
        roundTrip(Endpoint.unix(dir.resolve("echo.sock")));
    }

    private static void roundTrip(Endpoint endpoint) throws Exception {
        byte[] data = new byte[SIZE];
        Random random = new Random(42);
        random.nextBytes(data);
        try (Server server = Server.builder().listen(endpoint)
                .handler(c -> c.input().transferTo(c.output()))
                .start();
             Connection conn = Client.connect(server.endpoint(), Duration.ofSeconds(5))) {
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
                int chunk = Math.min(1 + random.nextInt(20_000), SIZE - offset);
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
}
