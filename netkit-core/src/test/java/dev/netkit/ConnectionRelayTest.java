package dev.netkit;

import dev.netkit.testing.SeededBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Connection#relay}: a proxy server whose handler connects to a backend and relays the two
 * connections into each other. A large stream crosses it byte for byte both ways, a half-close
 * passes through in both directions, and a reset on one side ends both. The core's suite runs a
 * second time on the epoll transport, where the relay splices.
 */
class ConnectionRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int STREAM = 8 * 1024 * 1024;

    @Test
    void aLargeStreamCrossesAProxyToAnEchoAndBackByteForByteOverTcp() throws Exception {
        largeStreamThroughProxy(Endpoint.tcp("127.0.0.1", 0), Endpoint.tcp("127.0.0.1", 0));
    }

    @Test
    void aLargeStreamCrossesFromTcpToAUnixSocketAndBack(@TempDir Path dir) throws Exception {
        largeStreamThroughProxy(Endpoint.tcp("127.0.0.1", 0), Endpoint.unix(dir.resolve("backend.sock")));
    }

    private static void largeStreamThroughProxy(Endpoint front, Endpoint back) throws Exception {
        try (Server echo = Server.builder().listen(back).handler(c -> c.input().transferTo(c.output())).start();
             Server proxy = proxy(front, echo.endpoint(), new CompletableFuture<>());
             Connection conn = connect(proxy.endpoint())) {
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> SeededBytes.send(conn, 11, STREAM));
            // The echo's end of stream comes back through the proxy only once ours reached it.
            assertThat(SeededBytes.verify(conn.input(), 11)).isEqualTo(STREAM);
            written.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHalfCloseReachesTheBackendAndItsAnswerStillComesBack() throws Exception {
        CompletableFuture<Throwable> relayEnded = new CompletableFuture<>();
        // The backend answers only once it has seen the end of the client's stream.
        ConnectionHandler counting = c -> {
            long n = c.input().transferTo(OutputSink.INSTANCE);
            c.send("got " + n + " bytes\n");
        };
        try (Server backend = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(counting).start();
             Server proxy = proxy(Endpoint.tcp("127.0.0.1", 0), backend.endpoint(), relayEnded);
             Connection conn = connect(proxy.endpoint())) {
            conn.send("hello, backend");
            conn.shutdownOutput();
            byte[] answer = conn.input().readAllBytes();
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("got 14 bytes\n");
            assertThat(relayEnded.get(10, TimeUnit.SECONDS)).as("how the relay ended").isNull();
        }
    }

    @Test
    void aBackendThatResetsEndsTheClientsSideTooAndTheRelayThrows() throws Exception {
        CompletableFuture<Throwable> relayEnded = new CompletableFuture<>();
        ConnectionHandler resetting = c -> {
            c.input().read();
            c.abort();
        };
        try (Server backend = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(resetting).start();
             Server proxy = proxy(Endpoint.tcp("127.0.0.1", 0), backend.endpoint(), relayEnded);
             Connection conn = connect(proxy.endpoint())) {
            conn.send("x");
            // Not a clean end of stream: the client must not take what it got for all there was.
            assertThatThrownBy(() -> conn.input().readAllBytes()).isInstanceOf(IOException.class);
            assertThat(relayEnded.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            // The proxy goes on serving.
            try (Connection next = connect(proxy.endpoint())) {
                next.send("y");
                assertThatThrownBy(() -> next.input().readAllBytes()).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void aConnectionCannotRelayToItself() throws Exception {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    try {
                        c.relay(c);
                        refused.complete(null);
                    } catch (IllegalArgumentException e) {
                        refused.complete(e);
                    }
                }).start();
             Connection conn = connect(server.endpoint())) {
            assertThat(refused.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * A server that relays each connection to {@code backend}; {@code ended} completes with how the
     * first relay ended: null when both directions ended cleanly, else what it threw.
     */
    static Server proxy(Endpoint front, Endpoint backend, CompletableFuture<Throwable> ended) throws IOException {
        return Server.builder().listen(front)
                .handler(c -> {
                    try (Connection upstream = connect(backend)) {
                        c.relay(upstream);
                        ended.complete(null);
                    } catch (IOException e) {
                        ended.complete(e);
                        throw e;
                    }
                }).start();
    }

    static Connection connect(Endpoint endpoint) throws IOException {
        return Client.builder().timeout(TIMEOUT).connect(endpoint);
    }

    /** Drops what it is given. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
