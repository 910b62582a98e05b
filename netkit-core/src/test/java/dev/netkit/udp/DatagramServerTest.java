package dev.netkit.udp;

import dev.netkit.ShutdownResult;
import dev.netkit.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatagramServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final DatagramHandler ECHO = (d, reply) -> reply.send(d.payload());

    private static UdpServer.Builder onLoopback() {
        return UdpServer.builder().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    private static UdpSocket client() throws IOException {
        return UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String ask(UdpSocket client, UdpServer server, String text) throws IOException {
        client.send(bytes(text), server.localAddress());
        return client.receive(WAIT).orElseThrow(() -> new AssertionError("no answer to " + text)).text();
    }

    @Test
    void echoesEachDatagramToItsSenderAndCounts() throws Exception {
        try (UdpServer server = onLoopback().handler(ECHO).start(); UdpSocket client = client()) {
            assertThat(server.port()).isPositive();
            assertThat(ask(client, server, "one")).isEqualTo("one");
            assertThat(ask(client, server, "two")).isEqualTo("two");
            client.send(new byte[0], server.localAddress());
            Datagram empty = client.receive(WAIT).orElseThrow();
            assertThat(empty.length()).isZero();
            assertThat(empty.sender()).isEqualTo(server.localAddress());
            // A reply is counted once its send returns, which may be after the client has it.
            UdpCounters expected = new UdpCounters(3, 3, 0, 0, 0, 3);
            dev.netkit.testing.Eventually.await("counters " + expected, WAIT, () -> server.counters().equals(expected));
        }
    }

    @Test
    void servesIpv4AndIpv6PeersOnEveryInterface() throws Exception {
        try (UdpServer server = UdpServer.builder().bind(0).handler(ECHO).start();
             UdpSocket v4 = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0));
             UdpSocket v6 = UdpSocket.bind(new InetSocketAddress("::1", 0))) {
            assertThat(server.localAddress().getAddress().isAnyLocalAddress()).isTrue();
            v4.send(bytes("over IPv4"), new InetSocketAddress("127.0.0.1", server.port()));
            assertThat(v4.receive(WAIT).orElseThrow().text()).isEqualTo("over IPv4");
            v6.send(bytes("over IPv6"), new InetSocketAddress("::1", server.port()));
            Datagram d = v6.receive(WAIT).orElseThrow();
            assertThat(d.text()).isEqualTo("over IPv6");
            assertThat(d.sender()).isEqualTo(new InetSocketAddress("::1", server.port()));
        }
    }

    @Test
    void largestIpv4DatagramIsEchoedWhole() throws Exception {
        byte[] data = new byte[UdpSocket.MAX_IPV4_DATAGRAM_SIZE];
        new Random(3).nextBytes(data);
        try (UdpServer server = onLoopback().handler(ECHO).start(); UdpSocket client = client()) {
            client.send(data, server.localAddress());
            assertThat(client.receive(WAIT).orElseThrow().payload()).isEqualTo(data);
        }
    }

    @Test
    void datagramOverTheMaximumIsCountedAndNotHandled() throws Exception {
        try (UdpServer server = onLoopback().maxDatagramSize(100).handler(ECHO).start(); UdpSocket client = client()) {
            client.send(new byte[101], server.localAddress());
            assertThat(ask(client, server, "fits")).isEqualTo("fits");
            // the reply can arrive before the handler's return is counted
            Eventually.await("the handled count", WAIT, () -> server.counters().handled() == 1);
            UdpCounters c = server.counters();
            assertThat(c.truncated()).isEqualTo(1);
            assertThat(c.handled()).isEqualTo(1);
            assertThat(c.received()).isEqualTo(2);
        }
    }

    @Test
    void datagramsArrivingWhileEveryHandlerIsBusyAreDroppedAndCounted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DatagramHandler handler = (d, reply) -> {
            if (d.text().equals("block")) {
                started.countDown();
                release.await();
            }
            reply.send(d.payload());
        };
        try (UdpServer server = onLoopback().maxHandlers(1).handler(handler).start(); UdpSocket client = client()) {
            client.send(bytes("block"), server.localAddress());
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                client.send(bytes("while busy " + i), server.localAddress());
            }
            assertThat(server.awaitReceived(4, WAIT)).isTrue();
            assertThat(server.counters().dropped()).isEqualTo(3);
            release.countDown();
            assertThat(client.receive(WAIT).orElseThrow().text()).isEqualTo("block");
            // The reply can arrive before the busy handler has given its place back, and a datagram
            // sent in that instant is dropped too: ask again until one is served, and count them.
            int asked = 0;
            java.util.Optional<Datagram> answer = java.util.Optional.empty();
            while (answer.isEmpty() && asked < 10) {
                client.send(bytes("after"), server.localAddress());
                asked++;
                answer = client.receive(Duration.ofSeconds(1));
            }
            assertThat(answer.orElseThrow(() -> new AssertionError("no answer to after")).text()).isEqualTo("after");
            UdpCounters expected = new UdpCounters(4 + asked, 2, 3 + asked - 1, 0, 0, 2);
            dev.netkit.testing.Eventually.await("counters " + expected, WAIT, () -> server.counters().equals(expected));
        }
    }

    @Test
    void aFailingHandlerIsCountedAndTheServerGoesOn() throws Exception {
        DatagramHandler handler = (d, reply) -> {
            if (d.text().equals("fail")) {
                throw new IllegalStateException("handler failure on purpose");
            }
            reply.send(d.payload());
        };
        UdpServer server = onLoopback().handler(handler).start();
        try (UdpSocket client = client()) {
            client.send(bytes("fail"), server.localAddress());
            assertThat(ask(client, server, "still here")).isEqualTo("still here");
        }
        assertThat(server.stop(WAIT).graceful()).isTrue();
        assertThat(server.counters()).isEqualTo(new UdpCounters(2, 2, 0, 0, 1, 1));
    }

    @Test
    void gracefulStopLetsARunningHandlerReply() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DatagramHandler handler = (d, reply) -> {
            started.countDown();
            release.await();
            reply.send(d.payload());
        };
        UdpServer server = onLoopback().handler(handler).start();
        try (UdpSocket client = client()) {
            client.send(bytes("late"), server.localAddress());
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<ShutdownResult> stopping = CompletableFuture.supplyAsync(
                    () -> server.stop(Duration.ofSeconds(10)), r -> Thread.ofVirtual().start(r));
            release.countDown();
            ShutdownResult result = stopping.get(10, TimeUnit.SECONDS);
            assertThat(result.graceful()).isTrue();
            assertThat(result.forcedConnections()).isZero();
            assertThat(client.receive(WAIT).orElseThrow().text()).isEqualTo("late");
            assertThat(server.stop(Duration.ZERO)).isSameAs(result);
        }
    }

    @Test
    void stopInterruptsHandlersStillRunningAtTheDeadline() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        DatagramHandler handler = (d, reply) -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        };
        UdpServer server = onLoopback().handler(handler).start();
        try (UdpSocket client = client()) {
            client.send(bytes("stuck"), server.localAddress());
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            ShutdownResult result = server.stop(Duration.ofMillis(100));
            assertThat(result.graceful()).isFalse();
            assertThat(result.forcedConnections()).isEqualTo(1);
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aHandlerMayStopItsOwnServerGracefully() throws Exception {
        CompletableFuture<ShutdownResult> result = new CompletableFuture<>();
        UdpServer[] self = new UdpServer[1];
        UdpServer server = onLoopback().handler((d, reply) -> {
            reply.send("bye");
            result.complete(self[0].stop(Duration.ofSeconds(5)));
        }).start();
        self[0] = server;
        try (UdpSocket client = client()) {
            assertThat(ask(client, server, "stop")).isEqualTo("bye");
            ShutdownResult r = result.get(10, TimeUnit.SECONDS);
            assertThat(r.graceful()).isTrue();
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void logsOneLineWithTheResolvedAddressOnStart() throws Exception {
        Logger jul = Logger.getLogger("dev.netkit.udp.UdpServer");
        StringBuilder lines = new StringBuilder();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.append(new java.util.logging.SimpleFormatter().formatMessage(r)).append('\n');
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try (UdpServer server = onLoopback().name("probe").handler(ECHO).start()) {
            assertThat(lines.toString()).contains("probe receiving UDP on 127.0.0.1:" + server.port());
        } finally {
            jul.removeHandler(capture);
        }
    }

    @Test
    void badSettingsAreRefused() throws Exception {
        assertThatThrownBy(() -> UdpServer.builder().maxHandlers(0)).hasMessageContaining("maxHandlers");
        assertThatThrownBy(() -> UdpServer.builder().maxDatagramSize(0)).hasMessageContaining("maxDatagramSize");
        assertThatThrownBy(() -> UdpServer.builder().bind(0).start()).hasMessageContaining("handler");
        assertThatThrownBy(() -> UdpServer.builder().handler(ECHO).start()).hasMessageContaining("bind");
        try (UdpSocket connected = client()) {
            connected.connect(new InetSocketAddress("127.0.0.1", 9));
            assertThatThrownBy(() -> UdpServer.builder().socket(connected)).hasMessageContaining("connected");
        }
    }
}
