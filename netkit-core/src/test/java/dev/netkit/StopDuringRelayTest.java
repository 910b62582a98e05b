package dev.netkit;

import dev.netkit.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A graceful stop and the raw echo's relay ({@code transferAvailableTo} then {@code resumeOnInput}),
 * which waits for input between bursts: a relay whose peer is still sending is not idle, and the
 * stop lets it finish; one that stays quiet ends soon; one still busy at the deadline is forced and
 * counted. The suite runs once per transport: on epoll the relay waits without a thread, on NIO its
 * thread waits for the next burst.
 */
class StopDuringRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int CLIENTS = 8;
    private static final int STREAM = 6 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    /**
     * The clients' threads: platform threads, as separate processes would have, so that a busy
     * machine delays them no more than the server (a client that pauses for long between its
     * bursts does look idle to a stop).
     */
    private static final java.util.concurrent.Executor CLIENT_THREADS = r -> Thread.ofPlatform().daemon().start(r);

    /** The relay from the README: what has arrived, then wait for more. */
    private static final ConnectionHandler RELAY = new ConnectionHandler() {
        @Override
        public void handle(Connection conn) throws IOException {
            if (conn.transferAvailableTo(conn.output()) >= 0) {
                conn.resumeOnInput(this);
            }
        }
    };

    private static Server rawEcho() throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(ConnectionHandler.onInput(RELAY)).start();
    }

    private static Socket connect(Server server) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    /**
     * One client of the echo: a writer that sends {@code length} bytes of its seed's sequence in
     * chunks, pausing a little between them (so that the relay waits for input between bursts),
     * then half-closes; and a reader that checks every byte that comes back, to end of stream.
     */
    private static final class Streamer {
        final Socket socket;
        final long seed;
        final int length;
        final AtomicLong received = new AtomicLong();
        final CompletableFuture<Void> written;
        final CompletableFuture<Long> echoed;

        Streamer(Socket socket, long seed, int length) {
            this.socket = socket;
            this.seed = seed;
            this.length = length;
            this.written = CompletableFuture.runAsync(this::write, CLIENT_THREADS);
            this.echoed = CompletableFuture.supplyAsync(this::read, CLIENT_THREADS);
        }

        private void write() {
            SplittableRandom data = new SplittableRandom(seed);
            byte[] chunk = new byte[CHUNK];
            try {
                OutputStream out = socket.getOutputStream();
                int sent = 0;
                while (sent < length) {
                    int n = Math.min(chunk.length, length - sent);
                    for (int i = 0; i < n; i++) {
                        chunk[i] = (byte) data.nextInt();
                    }
                    out.write(chunk, 0, n);
                    out.flush();
                    sent += n;
                    LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The bytes that came back in order before end of stream; fails at the first wrong one. */
        private long read() {
            SplittableRandom expected = new SplittableRandom(seed);
            byte[] buffer = new byte[CHUNK];
            byte[] want = new byte[CHUNK];
            try {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                        want[i] = (byte) expected.nextInt();
                    }
                    if (!Arrays.equals(buffer, 0, n, want, 0, n)) {
                        throw new AssertionError("the echo differs from what was sent after " + received.get() + " bytes");
                    }
                    received.addAndGet(n);
                }
            } catch (IOException e) {
                // A reset: the count says how far the echo got.
            }
            return received.get();
        }
    }

    @Test
    void aStopLetsRelaysThatAreStillStreamingFinishEveryByte() throws Exception {
        Server server = rawEcho();
        List<Streamer> streams = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                streams.add(new Streamer(connect(server), 100 + i, STREAM));
            }
            // Every relay has started: each stream is a sixth of the way back.
            Eventually.await("every stream under way", WAIT,
                    () -> streams.stream().allMatch(s -> s.received.get() >= STREAM / 6));
            long receivedAtStop = streams.stream().mapToLong(s -> s.received.get()).sum();
            ShutdownResult result = server.stop(Duration.ofSeconds(10));
            assertThat(receivedAtStop).as("the stop began mid-transfer").isLessThan((long) CLIENTS * STREAM);
            for (Streamer s : streams) {
                assertThat(s.echoed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("echo of stream " + s.seed).isEqualTo(STREAM);
                s.written.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(result.graceful()).as("stop result " + result).isTrue();
            assertThat(result.forcedConnections()).isZero();
            assertThat(server.connectionCount()).isZero();
        } finally {
            server.stop(Duration.ZERO);
            for (Streamer s : streams) {
                s.socket.close();
            }
        }
    }

    @Test
    void aStopWithOnlyIdleWaitingConnectionsIsQuickAndGraceful() throws Exception {
        Server server = rawEcho();
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                Socket s = connect(server);
                clients.add(s);
                if (i % 2 == 0) {
                    // Half of them have had a burst echoed and wait for the next; half never sent a byte.
                    s.getOutputStream().write("hello".getBytes());
                    assertThat(s.getInputStream().readNBytes(5)).isEqualTo("hello".getBytes());
                }
            }
            Eventually.await("ten connections", WAIT, () -> server.connectionCount() == 10);
            long start = System.nanoTime();
            ShutdownResult result = server.stop(Duration.ofSeconds(20));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(result.graceful()).as("stop result " + result).isTrue();
            assertThat(result.forcedConnections()).isZero();
            // Behaviour, not speed: idle connections end at once, not at the deadline 20 s away.
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            for (Socket s : clients) {
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        } finally {
            server.stop(Duration.ZERO);
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void aClientStillSendingAtTheDeadlineIsForcedAndCounted() throws Exception {
        Server server = rawEcho();
        try (Socket busy = connect(server); Socket idle = connect(server)) {
            idle.getOutputStream().write("x".getBytes());
            assertThat(idle.getInputStream().read()).isEqualTo('x');
            AtomicLong echoed = new AtomicLong();
            // Sends without end, a little at a time, and reads the echo, until the server cuts it.
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                byte[] chunk = new byte[4096];
                try {
                    OutputStream out = busy.getOutputStream();
                    while (true) {
                        out.write(chunk);
                        out.flush();
                        LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
                    }
                } catch (IOException expected) {
                    // cut by the stop
                }
            });
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                byte[] buffer = new byte[CHUNK];
                try {
                    InputStream in = busy.getInputStream();
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        echoed.addAndGet(n);
                    }
                } catch (IOException expected) {
                    // cut by the stop
                }
            });
            Eventually.await("the echo under way", WAIT, () -> echoed.get() > 64 * 1024);
            Eventually.await("both connections", WAIT, () -> server.connectionCount() == 2);
            Duration grace = Duration.ofMillis(500);
            long echoedAtStop = echoed.get();
            ShutdownResult result = server.stop(grace);
            assertThat(result.graceful()).as("stop result " + result).isFalse();
            assertThat(result.forcedConnections()).as("the busy connection alone").isEqualTo(1);
            // It waited for the busy relay up to the deadline instead of cutting it at once.
            assertThat(result.elapsed()).isGreaterThanOrEqualTo(grace);
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            writer.join(WAIT);
            reader.join(WAIT);
            assertThat(echoed.get() - echoedAtStop).as("bytes echoed during the grace period").isGreaterThan(64 * 1024);
            assertThat(writer.isAlive()).isFalse();
            assertThat(reader.isAlive()).isFalse();
        } finally {
            server.stop(Duration.ZERO);
        }
    }
}
