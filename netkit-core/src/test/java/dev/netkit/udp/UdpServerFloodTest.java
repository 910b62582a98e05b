package dev.netkit.udp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 datagrams as fast as one sender can: every one the kernel delivered is counted as handled
 * or dropped, and the server still answers afterwards.
 */
class UdpServerFloodTest {

    private static final int COUNT = 10_000;

    @Test
    void countersAddUpAfterAFlood() throws Exception {
        DatagramHandler handler = (d, reply) -> {
            if (d.text().equals("ping")) {
                reply.send("pong");
            } else {
                Thread.sleep(1); // slow handlers, so some datagrams find every handler busy
            }
        };
        try (UdpServer server = UdpServer.builder().bind(new InetSocketAddress("127.0.0.1", 0))
                     .maxHandlers(4).handler(handler).start();
             UdpSocket client = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] payload = new byte[64];
            for (int i = 0; i < COUNT; i++) {
                client.send(payload, server.localAddress());
            }
            // Over loopback a datagram is queued or dropped during the send itself, so the kernel's
            // drop count for the server's socket is final once the last send has returned.
            OptionalLong kernelDrops = kernelDrops(server.port());
            System.out.printf(Locale.ROOT, "flood: sent %d, kernel dropped %s%n", COUNT,
                    kernelDrops.isPresent() ? String.valueOf(kernelDrops.getAsLong()) : "(unknown)");
            if (kernelDrops.isPresent()) {
                long delivered = COUNT - kernelDrops.getAsLong();
                assertThat(server.awaitReceived(delivered, Duration.ofSeconds(30)))
                        .as("server received every delivered datagram: %s", server.counters()).isTrue();
                assertThat(server.counters().received()).isEqualTo(delivered);
            }
            // A ping after the flood: when its pong comes back, everything before it was received.
            // Resent (boundedly) only where the kernel's drops are unknown and it may have been lost.
            int pings = 0;
            Optional<Datagram> pong = Optional.empty();
            while (pong.isEmpty() && pings < 10) {
                client.send("ping".getBytes(StandardCharsets.UTF_8), server.localAddress());
                pings++;
                pong = client.receive(Duration.ofSeconds(1));
            }
            assertThat(pong).map(Datagram::text).as("the server answers after the flood").contains("pong");
            UdpCounters c = server.counters();
            System.out.println("flood: " + c);
            assertThat(c.received()).isPositive().isLessThanOrEqualTo(COUNT + pings);
            assertThat(c.handled() + c.dropped() + c.truncated()).isEqualTo(c.received());
            assertThat(c.truncated()).isZero();
            if (kernelDrops.isPresent()) {
                assertThat(c.received()).isEqualTo(COUNT - kernelDrops.getAsLong() + pings);
            }
        }
    }

    /**
     * The drops column of the socket bound to {@code port} in /proc/net/udp (Linux); empty where
     * the kernel does not expose it.
     */
    private static OptionalLong kernelDrops(int port) throws IOException {
        Path table = Path.of("/proc/net/udp");
        if (!Files.isReadable(table)) {
            return OptionalLong.empty();
        }
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 13 && f[1].endsWith(suffix)) {
                return OptionalLong.of(Long.parseLong(f[f.length - 1]));
            }
        }
        return OptionalLong.empty();
    }
}
