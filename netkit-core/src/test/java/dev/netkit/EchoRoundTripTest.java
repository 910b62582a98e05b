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

    @Test
    void aRelayIntoAnotherConnectionsOutputReachesThatConnection() throws Exception {
        // A proxy between two clients: the first one's bytes go to the second, not back to the first.
        CompletableFuture<Connection> second = new CompletableFuture<>();
        CompletableFuture<Void> relayed = new CompletableFuture<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    if (second.complete(c)) {
                        relayed.get(30, TimeUnit.SECONDS); // the second client: held open for the relay
                        return;
                    }
                    Connection other = second.get(30, TimeUnit.SECONDS);
                    try {
                        c.input().transferTo(other.output());
                    } finally {
                        relayed.complete(null);
                    }
                })
                .start();
             Connection to = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
            // The server holds this one as the receiver before the sender connects.
            second.get(10, TimeUnit.SECONDS);
            try (Connection from = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
                CompletableFuture<byte[]> atReceiver = CompletableFuture.supplyAsync(() -> {
                    try {
                        return to.input().readAllBytes();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, r -> Thread.ofVirtual().start(r));
                CompletableFuture<byte[]> atSender = CompletableFuture.supplyAsync(() -> {
                    try {
                        return from.input().readAllBytes();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, r -> Thread.ofVirtual().start(r));
                from.send("for the other one".getBytes());
                from.shutdownOutput();
                assertThat(new String(atReceiver.get(30, TimeUnit.SECONDS))).isEqualTo("for the other one");
                assertThat(atSender.get(30, TimeUnit.SECONDS)).isEmpty();
            }
        }
    }

    private static void roundTrip(Endpoint endpoint) throws Exception {
        byte[] data = new byte[SIZE];
        Random random = new Random(42);
        random.nextBytes(data);
        try (Server server = Server.builder().listen(endpoint)
                .handler(c -> c.input().transferTo(c.output()))
                .start();
             Connection conn = Client.builder().timeout(Duration.ofSeconds(5)).connect(server.endpoint())) {
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
