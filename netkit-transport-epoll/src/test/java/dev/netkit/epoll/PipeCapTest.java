package dev.netkit.epoll;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.ConnectionHandler;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.TransportType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spliced relay holds its pipe (two descriptors) while its output is blocked, so streams whose
 * peers stop reading would each take two descriptors more than their sockets; past
 * {@link Pipes#maxOpen()} pipes the relays go through their heap buffers instead, and every
 * stream still comes back whole once its peer reads. Isolated: the descriptor count and the
 * pipes open belong to this class alone.
 */
@Isolated
class PipeCapTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int CAP = 8;
    private static final int STREAMS = 40;
    /** Enough for a relay to grow its buffer to where it splices; little, so the sockets' buffers stay small. */
    private static final int WARM_UP = 256 * 1024;
    private static final int STREAM = 8 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    /** The raw echo's relay. */
    private static final ConnectionHandler RELAY = new ConnectionHandler() {
        @Override
        public void handle(Connection connection) throws IOException {
            if (connection.transferAvailableTo(connection.output()) >= 0) {
                connection.resumeOnInput(this);
            }
        }
    };

    @Test
    void stalledStreamsBeyondTheCapHoldNoPipeAndStillComeBackWhole() throws Exception {
        int capBefore = Pipes.maxOpen();
        Pipes.maxOpen(CAP);
        Pipes.closeKept();
        List<Connection> clients = new ArrayList<>();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).transport(TransportType.EPOLL)
                .handler(ConnectionHandler.onInput(RELAY)).start()) {
            // One stream through the server first, so that its threads and pollers exist.
            try (Connection warm = connect(server)) {
                echoWhole(warm, 1, WARM_UP);
            }
            Pipes.closeKept();
            int before = settledDescriptors();
            long refusedBefore = Pipes.refused();
            for (int i = 0; i < STREAMS; i++) {
                Connection conn = connect(server);
                clients.add(conn);
                // A stream read back, so that each relay has grown its buffer and splices from now on.
                echoWhole(conn, 1000 + i, WARM_UP);
            }
            // Then every client sends a long stream and reads nothing: the relays' outputs block.
            // (Loopback buffers grow large: the writers may get it all out, but not all back.)
            List<AtomicLong> sent = new ArrayList<>();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                Connection conn = clients.get(i);
                AtomicLong count = new AtomicLong();
                sent.add(count);
                long seed = 2000 + i;
                writers.add(CompletableFuture.runAsync(() -> send(conn, seed, STREAM, count, true),
                        r -> Thread.ofVirtual().start(r)));
            }
            awaitStalled(sent);
            int grown = settledDescriptors() - before;
            // Two descriptors a connection (both ends are in this process), and two a pipe at most.
            assertThat(grown).as("descriptors opened by %d stalled streams, cap %d, %d pipes in use", STREAMS, CAP, Pipes.inUse())
                    .isLessThanOrEqualTo(2 * CAP + 2 * STREAMS);
            assertThat(Pipes.openPipes()).as("pipes open").isLessThanOrEqualTo(CAP);
            assertThat(Pipes.inUse()).as("pipes in use").isLessThanOrEqualTo(CAP);
            assertThat(Pipes.refused()).as("relays that found the cap reached").isGreaterThan(refusedBefore);
            // Once the clients read, every stream comes back whole and in order.
            List<CompletableFuture<Long>> readers = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                Connection conn = clients.get(i);
                long seed = 2000 + i;
                readers.add(CompletableFuture.supplyAsync(() -> verify(conn, seed), r -> Thread.ofVirtual().start(r)));
            }
            for (int i = 0; i < STREAMS; i++) {
                assertThat(readers.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("stream " + i).isEqualTo(STREAM);
                writers.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            clients.forEach(Connection::abort);
            Pipes.maxOpen(capBefore);
        }
    }

    private static Connection connect(Server server) throws IOException {
        return Client.builder().timeout(TIMEOUT).transport(TransportType.EPOLL).connect(server.endpoint());
    }

    /** Sends {@code length} bytes of {@code seed}'s sequence while reading them back here. */
    private static void echoWhole(Connection conn, long seed, int length) throws Exception {
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> send(conn, seed, length, new AtomicLong(), false),
                r -> Thread.ofVirtual().start(r));
        assertThat(read(conn.input(), seed, length)).isEqualTo(length);
        written.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends {@code length} bytes of {@code seed}'s sequence, counting them; then half-closes if {@code end}. */
    private static void send(Connection conn, long seed, int length, AtomicLong count, boolean end) {
        SplittableRandom data = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        try {
            for (int sent = 0; sent < length; sent += chunk.length) {
                int n = Math.min(chunk.length, length - sent);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) data.nextInt();
                }
                conn.output().write(chunk, 0, n);
                conn.output().flush();
                count.addAndGet(n);
            }
            if (end) {
                conn.shutdownOutput();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The stream's echo, to the end of stream the server sends once it has echoed the half-close. */
    private static long verify(Connection conn, long seed) {
        try {
            return read(conn.input(), seed, -1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code length} bytes (or, when negative, to end of stream), checking each against the
     * sequence of {@code seed}; returns the count.
     */
    private static long read(InputStream in, long seed, long length) throws IOException {
        SplittableRandom expected = new SplittableRandom(seed);
        byte[] buffer = new byte[CHUNK];
        byte[] want = new byte[CHUNK];
        long count = 0;
        while (length < 0 || count < length) {
            int n = in.read(buffer, 0, (int) (length < 0 ? buffer.length : Math.min(buffer.length, length - count)));
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                want[i] = (byte) expected.nextInt();
            }
            if (!Arrays.equals(buffer, 0, n, want, 0, n)) {
                throw new AssertionError("the echo differs from what was sent after " + count + " bytes");
            }
            count += n;
        }
        return count;
    }

    /**
     * Waits (bounded) until no writer has moved for a while: what the sockets' buffers could not
     * take waits in the relays, whose outputs are blocked.
     */
    private static void awaitStalled(List<AtomicLong> sent) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long last = -1;
        int still = 0;
        while (still < 3 && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
            long now = sent.stream().mapToLong(AtomicLong::get).sum();
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }

    /** Waits (bounded) until the descriptor count stops changing between two looks. */
    private static int settledDescriptors() throws Exception {
        int count = descriptors();
        for (int i = 0; i < 200; i++) {
            Thread.sleep(50);
            int now = descriptors();
            if (now == count) {
                return now;
            }
            count = now;
        }
        return count;
    }

    private static int descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }
}
