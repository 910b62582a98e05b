package dev.netkit.epoll;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;
import dev.netkit.testing.SeededBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay into a connection's own output through a pipe ({@code splice(2)}), which takes over
 * once a stream has grown the relay's buffer: every byte back once and in order, on TCP and Unix
 * sockets, for both relays; small messages after a stream; a peer that resets while bytes wait in
 * the pipe. Isolated, so that the count of pipes taken and kept belongs to this class alone.
 */
@Isolated
class SpliceRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int STREAM = 8 * 1024 * 1024;

    /** The raw echo's relay: what has arrived, then wait for more without a thread. */
    private static final ConnectionHandler RESUMING = new ConnectionHandler() {
        @Override
        public void handle(Connection connection) throws IOException {
            if (connection.transferAvailableTo(connection.output()) >= 0) {
                connection.resumeOnInput(this);
            }
        }
    };
    private static final ConnectionHandler TO_THE_END = c -> c.input().transferTo(c.output());

    @Test
    void aTcpStreamThroughTheResumingRelayComesBackIntact() throws Exception {
        streamComesBackIntact(Endpoint.tcp("127.0.0.1", 0), RESUMING);
    }

    @Test
    void aTcpStreamThroughTheRelayToTheEndComesBackIntact() throws Exception {
        streamComesBackIntact(Endpoint.tcp("127.0.0.1", 0), TO_THE_END);
    }

    @Test
    void aUnixStreamComesBackIntact(@TempDir Path dir) throws Exception {
        streamComesBackIntact(Endpoint.unix(dir.resolve("splice.sock")), RESUMING);
    }

    private static void streamComesBackIntact(Endpoint endpoint, ConnectionHandler handler) throws Exception {
        long takenBefore = Pipes.taken();
        long droppedBefore = Pipes.dropped();
        try (Server server = server(endpoint, handler); Connection conn = connect(server.endpoint())) {
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> SeededBytes.send(conn, 42, STREAM));
            assertThat(SeededBytes.verify(conn.input(), 42)).isEqualTo(STREAM);
            written.get(30, TimeUnit.SECONDS);
        }
        assertThat(Pipes.taken()).as("pipes taken").isGreaterThan(takenBefore);
        assertThat(Pipes.dropped()).as("pipes closed with bytes in them").isEqualTo(droppedBefore);
    }

    @Test
    void smallMessagesAfterAStreamStillComeBackOneByOne() throws Exception {
        long takenBefore = Pipes.taken();
        try (Server server = server(Endpoint.tcp("127.0.0.1", 0), RESUMING);
             Connection conn = connect(server.endpoint())) {
            OutputStream out = conn.output();
            InputStream in = conn.input();
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    byte[] chunk = new byte[256 * 1024];
                    for (int i = 0; i < 8; i++) {
                        out.write(chunk);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(in.readNBytes(8 * 256 * 1024)).hasSize(8 * 256 * 1024);
            written.get(30, TimeUnit.SECONDS);
            assertThat(Pipes.taken()).as("pipes taken").isGreaterThan(takenBefore);
            // The relay has left the pipe with the socket drained: each message is one round trip,
            // and a relay that lost track of an edge would hang here until the read times out.
            for (int i = 0; i < 200; i++) {
                byte[] message = ("message " + i + "\n").getBytes();
                out.write(message);
                out.flush();
                assertThat(in.readNBytes(message.length)).isEqualTo(message);
            }
        }
    }

    @Test
    void aRelayToTheEndGoesBackToItsBufferForSmallMessagesAndSplicesTheNextStreamAgain() throws Exception {
        try (Server server = server(Endpoint.tcp("127.0.0.1", 0), TO_THE_END);
             Connection conn = connect(server.endpoint())) {
            int keptIdle = Pipes.kept();
            echoStream(conn, 2 * 1024 * 1024);
            long takenAfterStream = Pipes.taken();
            for (int i = 0; i < 40; i++) {
                byte[] message = ("small " + i + "\n").getBytes();
                conn.output().write(message);
                conn.output().flush();
                assertThat(conn.input().readNBytes(message.length)).isEqualTo(message);
            }
            // 32 small bursts in a row sent the relay back to its buffer and its pipe to the pool
            // (one taken from the pool, or one made when the pool was empty).
            assertThat(Pipes.kept()).isEqualTo(Math.max(keptIdle, 1));
            echoStream(conn, 2 * 1024 * 1024);
            assertThat(Pipes.taken()).as("a pipe taken for the second stream").isGreaterThan(takenAfterStream);
        }
    }

    /** Sends {@code length} bytes from another thread while reading them back here. */
    private static void echoStream(Connection conn, int length) throws Exception {
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            try {
                conn.output().write(new byte[length]);
                conn.output().flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(conn.input().readNBytes(length)).hasSize(length);
        written.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aPeerThatResetsWhileBytesWaitInThePipeEndsOnlyItsOwnConnection() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        ConnectionHandler recording = c -> {
            try {
                c.input().transferTo(c.output());
                failure.complete(null);
            } catch (IOException e) {
                failure.complete(e);
            }
        };
        long droppedBefore = Pipes.dropped();
        try (Server server = server(Endpoint.tcp("127.0.0.1", 0), recording)) {
            Connection conn = connect(server.endpoint());
            try {
                // A stream read back first, so that the relay is splicing.
                byte[] chunk = new byte[256 * 1024];
                for (int i = 0; i < 4; i++) {
                    conn.output().write(chunk);
                    conn.output().flush();
                    assertThat(conn.input().readNBytes(chunk.length)).hasSize(chunk.length);
                }
                // Then no more reading: the echo fills both sockets' buffers and then the pipe.
                long sent = 0;
                while (sent < 256L * 1024 * 1024 && trySend(conn, chunk)) {
                    sent += chunk.length;
                }
            } finally {
                conn.abort();
            }
            assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(Pipes.dropped()).as("pipes closed with bytes in them").isGreaterThan(droppedBefore);
            // The server goes on serving, spliced streams included.
            try (Connection next = connect(server.endpoint())) {
                CompletableFuture<Void> written = CompletableFuture.runAsync(() -> SeededBytes.send(next, 7, 1024 * 1024));
                assertThat(SeededBytes.verify(next.input(), 7)).isEqualTo(1024 * 1024);
                written.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * TCP urgent data stops a splice at its mark, where a plain read skips the urgent byte and reads
     * on: the relay must not take that stop for an empty socket (and wait for good) or for the end
     * of the stream (and lose the rest).
     */
    @Test
    void urgentDataInTheMiddleOfASplicedStreamLosesNothingAfterIt() throws Exception {
        try (Server server = server(Endpoint.tcp("127.0.0.1", 0), TO_THE_END);
             Socket socket = new Socket()) {
            socket.connect(((Endpoint.Tcp) server.endpoint()).bindAddress(), 5_000);
            socket.setSoTimeout(10_000);
            int half = 1024 * 1024;
            byte[] data = new byte[2 * half];
            new SplittableRandom(3).nextBytes(data);
            AtomicLong received = new AtomicLong();
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] buffer = new byte[64 * 1024];
                try {
                    InputStream in = socket.getInputStream();
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        all.write(buffer, 0, n);
                        received.addAndGet(n);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                return all.toByteArray();
            });
            OutputStream out = socket.getOutputStream();
            out.write(data, 0, half);
            out.flush();
            // The first half back: a relay that has grown its buffer that far is splicing.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.get() < half && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            assertThat(received.get()).isEqualTo(half);
            socket.sendUrgentData(0x55);
            out.write(data, half, half);
            out.flush();
            socket.shutdownOutput();
            // The urgent byte is out of band: the echo is all the other bytes, in order.
            assertThat(echoed.get(20, TimeUnit.SECONDS)).isEqualTo(data);
        }
    }

    /**
     * Sends one chunk unless the peer has stopped taking bytes for a while (its buffers, and the
     * server's pipe, are full): the output's write would then block for good.
     */
    private static boolean trySend(Connection conn, byte[] chunk) throws Exception {
        CompletableFuture<Void> one = CompletableFuture.runAsync(() -> {
            try {
                conn.output().write(chunk);
                conn.output().flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try {
            one.get(500, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException stuck) {
            return false;
        }
    }

    private static Server server(Endpoint endpoint, ConnectionHandler handler) throws IOException {
        return Server.builder().listen(endpoint).transport(TransportType.EPOLL).handler(handler).start();
    }

    private static Connection connect(Endpoint endpoint) throws IOException {
        return Client.builder().timeout(TIMEOUT).transport(TransportType.EPOLL).connect(endpoint);
    }
}
