package dev.netkit.epoll;

import dev.netkit.Endpoint;
import dev.netkit.internal.ListenChannel;
import dev.netkit.internal.NioTransport;
import dev.netkit.internal.StreamChannel;
import dev.netkit.internal.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport's channels directly: half-close, reset, close and interrupt from other threads, addresses. */
class EpollStreamChannelTest {

    private static final Transport EPOLL = EpollTransport.INSTANCE;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A connected pair: [0] the client end, [1] the accepted end. */
    private static StreamChannel[] pair(ListenChannel listener) throws Exception {
        CompletableFuture<StreamChannel> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return listener.accept();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        StreamChannel client = EPOLL.connect(listener.endpoint(), TIMEOUT);
        return new StreamChannel[] {client, accepted.get(5, TimeUnit.SECONDS)};
    }

    private static String readAll(StreamChannel channel) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[7];
        int n;
        while ((n = channel.read(buffer, 0, buffer.length)) > 0) {
            text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
        return text.toString();
    }

    @Test
    void halfCloseDeliversEndOfStreamAndTheOtherDirectionGoesOn() throws Exception {
        try (ListenChannel listener = EPOLL.listen(Endpoint.tcp("127.0.0.1", 0), 50)) {
            StreamChannel[] p = pair(listener);
            byte[] hello = "hello, half-closed world".getBytes(StandardCharsets.US_ASCII);
            p[0].write(hello, 0, hello.length);
            p[0].shutdownOutput();
            assertThat(readAll(p[1])).isEqualTo("hello, half-closed world");
            assertThat(p[1].read(new byte[4], 0, 4)).isEqualTo(-1);
            p[1].write(new byte[] {'o', 'k'}, 0, 2);
            p[1].close();
            assertThat(readAll(p[0])).isEqualTo("ok");
            assertThatThrownBy(() -> p[0].write(new byte[1], 0, 1)).isInstanceOf(IOException.class);
            p[0].close();
        }
    }

    @Test
    void aReadEdgeThatArrivesWhileTheThreadIsParkedInAWriteIsNotLost() throws Exception {
        try (ListenChannel listener = EPOLL.listen(Endpoint.tcp("127.0.0.1", 0), 50)) {
            StreamChannel[] p = pair(listener);
            int size = 8 * 1024 * 1024;
            p[0].write(new byte[] {1}, 0, 1);
            CompletableFuture<Void> firstRead = new CompletableFuture<>();
            CompletableFuture<String> afterWrite = new CompletableFuture<>();
            Thread thread = Thread.ofVirtual().start(() -> {
                try {
                    // A short read: the socket is drained, so the next read waits for an edge.
                    assertThat(p[1].read(new byte[64], 0, 64)).isEqualTo(1);
                    firstRead.complete(null);
                    p[1].write(new byte[size], 0, size);
                    byte[] hello = new byte[5];
                    int n = 0;
                    while (n < 5) {
                        n += p[1].read(hello, n, 5 - n);
                    }
                    afterWrite.complete(new String(hello, StandardCharsets.US_ASCII));
                } catch (Throwable t) {
                    firstRead.completeExceptionally(t);
                    afterWrite.completeExceptionally(t);
                }
            });
            // Only after the first read: the thread may park in it too, waiting for that byte's edge.
            firstRead.get(5, TimeUnit.SECONDS);
            dev.netkit.testing.Eventually.await("the writer to park", Duration.ofSeconds(5),
                    () -> thread.getState() == Thread.State.WAITING);
            // The read edge for these bytes comes while the thread is parked in its write.
            p[0].write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
            CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> {
                byte[] sink = new byte[64 * 1024];
                long received = 0;
                try {
                    while (received < size) {
                        received += p[0].read(sink, 0, sink.length);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return received;
            }, r -> Thread.ofVirtual().start(r));
            assertThat(drained.get(30, TimeUnit.SECONDS)).isEqualTo(size);
            assertThat(afterWrite.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void aPeerResetIsASocketExceptionOnRead() throws Exception {
        try (ListenChannel listener = EPOLL.listen(Endpoint.tcp("127.0.0.1", 0), 50)) {
            StreamChannel[] p = pair(listener);
            CompletableFuture<Throwable> reading = blockedIn(() -> p[1].read(new byte[64], 0, 64));
            p[0].abort();
            assertThat(reading.get(5, TimeUnit.SECONDS)).isInstanceOf(SocketException.class)
                    .hasMessage("Connection reset");
            assertThat(p[0].isOpen()).isFalse();
            p[1].close();
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReaderAndWriter() throws Exception {
        try (ListenChannel listener = EPOLL.listen(Endpoint.tcp("127.0.0.1", 0), 50)) {
            StreamChannel[] p = pair(listener);
            CompletableFuture<Throwable> reading = blockedIn(() -> p[1].read(new byte[64], 0, 64));
            // The peer never reads, so this writer fills the socket buffers and parks.
            CompletableFuture<Throwable> writing = blockedIn(() -> {
                byte[] chunk = new byte[64 * 1024];
                while (true) {
                    p[1].write(chunk, 0, chunk.length);
                }
            });
            p[1].close();
            assertThat(reading.get(5, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
            assertThat(writing.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            p[1].close();
            p[0].close();
        }
    }

    @Test
    void anInterruptClosesTheChannelAsNioDoes() throws Exception {
        try (ListenChannel listener = EPOLL.listen(Endpoint.tcp("127.0.0.1", 0), 50)) {
            StreamChannel[] p = pair(listener);
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread reader = start(() -> p[1].read(new byte[8], 0, 8), failure);
            dev.netkit.testing.Eventually.await("the reader to park", Duration.ofSeconds(5),
                    () -> reader.getState() == Thread.State.WAITING);
            reader.interrupt();
            assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(ClosedByInterruptException.class);
            assertThat(p[1].isOpen()).isFalse();
            p[0].close();
        }
    }

    @Test
    void closingTheListenerFailsABlockedAccept() throws Exception {
        ListenChannel listener = EPOLL.listen(Endpoint.tcp("127.0.0.1", 0), 50);
        CompletableFuture<Throwable> accepting = blockedIn(listener::accept);
        listener.close();
        listener.close();
        assertThat(accepting.get(5, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
    }

    @Test
    void ipv6LoopbackWorksAndReportsAddressesAsNioDoes() throws Exception {
        try (ListenChannel listener = EPOLL.listen(Endpoint.tcp("::1", 0), 50)) {
            StreamChannel[] p = pair(listener);
            p[0].write(new byte[] {42}, 0, 1);
            byte[] one = new byte[1];
            assertThat(p[1].read(one, 0, 1)).isEqualTo(1);
            assertThat(one[0]).isEqualTo((byte) 42);
            InetSocketAddress remote = (InetSocketAddress) p[1].remoteAddress();
            assertThat(remote.getAddress().isLoopbackAddress()).isTrue();
            assertThat(remote.getAddress().getAddress()).hasSize(16);
            assertThat(p[0].remoteAddress()).isEqualTo(new InetSocketAddress("::1", ((Endpoint.Tcp) listener.endpoint()).port()));
            assertThat(p[0].localAddress()).isEqualTo(p[1].remoteAddress());
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void theWildcardListensOnIpv4AndIpv6() throws Exception {
        try (ListenChannel listener = EPOLL.listen(Endpoint.tcp(0), 50)) {
            int port = ((Endpoint.Tcp) listener.endpoint()).port();
            for (String host : new String[] {"127.0.0.1", "::1"}) {
                CompletableFuture<StreamChannel> accepted = CompletableFuture.supplyAsync(() -> {
                    try {
                        return listener.accept();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                try (StreamChannel client = EPOLL.connect(Endpoint.tcp(host, port), TIMEOUT);
                     StreamChannel server = accepted.get(5, TimeUnit.SECONDS)) {
                    // An IPv4 peer on the dual-stack socket shows as IPv4, as on NIO.
                    assertThat(((InetSocketAddress) server.remoteAddress()).getAddress())
                            .isEqualTo(((InetSocketAddress) client.localAddress()).getAddress());
                }
            }
        }
    }

    @Test
    void unixSocketsReportTheSameAddressesAsNio(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("addr.sock");
        try (ListenChannel listener = EPOLL.listen(Endpoint.unix(file), 50)) {
            StreamChannel[] p = pair(listener);
            assertThat(p[1].localAddress()).isEqualTo(UnixDomainSocketAddress.of(file));
            assertThat(p[1].remoteAddress()).isEqualTo(UnixDomainSocketAddress.of(""));
            assertThat(p[0].remoteAddress()).isEqualTo(UnixDomainSocketAddress.of(file));
            p[0].close();
            p[1].close();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void connectFailuresSayWhatNioSays(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ListenChannel probe = NioTransport.INSTANCE.listen(Endpoint.tcp("127.0.0.1", 0), 1)) {
            closedPort = ((Endpoint.Tcp) probe.endpoint()).port();
        }
        for (Endpoint nowhere : new Endpoint[] {Endpoint.tcp("127.0.0.1", closedPort), Endpoint.unix(dir.resolve("none.sock"))}) {
            Throwable nio = failureOf(() -> NioTransport.INSTANCE.connect(nowhere, TIMEOUT)).get(5, TimeUnit.SECONDS);
            Throwable epoll = failureOf(() -> EPOLL.connect(nowhere, TIMEOUT)).get(5, TimeUnit.SECONDS);
            assertThat(epoll).isExactlyInstanceOf(nio.getClass()).hasMessage(nio.getMessage());
        }
    }

    @Test
    void bindingATakenPortSaysWhatNioSays() throws Exception {
        try (ListenChannel taken = EPOLL.listen(Endpoint.tcp("127.0.0.1", 0), 50)) {
            Endpoint same = taken.endpoint();
            Throwable nio = failureOf(() -> NioTransport.INSTANCE.listen(same, 50)).get(5, TimeUnit.SECONDS);
            Throwable epoll = failureOf(() -> EPOLL.listen(same, 50)).get(5, TimeUnit.SECONDS);
            assertThat(epoll).isExactlyInstanceOf(nio.getClass()).hasMessage(nio.getMessage());
        }
    }

    interface Call {
        Object call() throws Exception;
    }

    /** Runs {@code call} on a virtual thread; completes with what it threw, or null if it returned. */
    static CompletableFuture<Throwable> failureOf(Call call) {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        start(call, failure);
        return failure;
    }

    /** As {@link #failureOf}, returning once the thread is parked in {@code call} (bounded wait). */
    static CompletableFuture<Throwable> blockedIn(Call call) throws InterruptedException {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread thread = start(call, failure);
        dev.netkit.testing.Eventually.await("the thread to park", Duration.ofSeconds(5),
                () -> thread.getState() == Thread.State.WAITING || failure.isDone());
        assertThat(thread.getState()).isEqualTo(Thread.State.WAITING);
        return failure;
    }

    private static Thread start(Call call, CompletableFuture<Throwable> failure) {
        return Thread.ofVirtual().start(() -> {
            try {
                Object result = call.call();
                if (result instanceof AutoCloseable c) {
                    c.close();
                }
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
    }
}
