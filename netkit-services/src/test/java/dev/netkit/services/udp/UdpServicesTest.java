package dev.netkit.services.udp;

import dev.netkit.udp.Datagram;
import dev.netkit.udp.DatagramHandler;
import dev.netkit.udp.UdpServer;
import dev.netkit.udp.UdpSocket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class UdpServicesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-25T22:10:00Z"), ZoneId.of("UTC"));

    /** Starts {@code handler} on loopback, sends {@code request}, returns the answer (or fails). */
    private static Datagram ask(DatagramHandler handler, byte[] request) throws Exception {
        try (UdpServer server = UdpServer.builder().bind(new InetSocketAddress("127.0.0.1", 0)).handler(handler).start();
             UdpSocket client = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
            client.send(request, server.localAddress());
            return client.receive(WAIT).orElseThrow(() -> new AssertionError("no answer within " + WAIT));
        }
    }

    @Test
    void echoSendsEachDatagramBackUnchanged() throws Exception {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        assertThat(ask(new UdpEcho(), data).payload()).isEqualTo(data);
        assertThat(ask(new UdpEcho(), new byte[0]).length()).isZero();
    }

    @Test
    void echoAnswersNetcat() throws Exception {
        try (UdpServer server = UdpServer.builder().bind(0).handler(UdpService.ECHO.handler()).start()) {
            Process nc = new ProcessBuilder("nc", "-u", "-w", "1", "localhost", String.valueOf(server.port()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (var in = nc.getOutputStream()) {
                in.write("hello, echo\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(nc.waitFor(10, TimeUnit.SECONDS)).as("nc -u (package netcat-openbsd) ends").isTrue();
            assertThat(new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello, echo\n");
        }
    }

    @Test
    void discardAnswersNothingButCounts() throws Exception {
        UdpServer server = UdpServer.builder().bind(new InetSocketAddress("127.0.0.1", 0)).handler(new UdpDiscard()).start();
        try (UdpSocket client = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
            client.send("gone".getBytes(StandardCharsets.UTF_8), server.localAddress());
            assertThat(client.receive(Duration.ofMillis(200))).isEmpty();
        }
        server.stop(WAIT);
        assertThat(server.counters().handled()).isEqualTo(1);
        assertThat(server.counters().sent()).isZero();
    }

    @Test
    void daytimeAnswersAnyDatagramWithReadableTime() throws Exception {
        assertThat(ask(new UdpDaytime(FIXED), new byte[0]).text())
                .isEqualTo("Wednesday, November 25, 2026 22:10:00-UTC\r\n");
    }

    @Test
    void daytimeDefaultsToUtc() {
        assertThat(new UdpDaytime().text()).endsWith("-UTC\r\n");
    }

    @Test
    void timeAnswersWithSecondsSince1900BigEndian() throws Exception {
        Datagram d = ask(new UdpTime(FIXED), "what time?".getBytes(StandardCharsets.UTF_8));
        assertThat(d.length()).isEqualTo(4);
        long seconds = Integer.toUnsignedLong(ByteBuffer.wrap(d.payload()).getInt());
        assertThat(seconds).isEqualTo(FIXED.instant().getEpochSecond() + 2_208_988_800L);
        assertThat(Instant.parse("1900-01-01T00:00:00Z").plusSeconds(seconds)).isEqualTo(FIXED.instant());
    }

    @Test
    void timeWrapsModulo2To32AfterFebruary2036() {
        Clock after = Clock.fixed(Instant.parse("2036-02-07T06:28:17Z"), ZoneOffset.UTC);
        assertThat(ByteBuffer.wrap(new UdpTime(after).payload()).getInt()).isEqualTo(1);
    }

    @Test
    void chargenAnswersUpTo512CharactersOfTheRotatingPattern() throws Exception {
        Datagram d = ask(new UdpChargen(new Random(5)), new byte[0]);
        assertThat(d.length()).isBetween(0, UdpChargen.MAX_LENGTH);
        UdpChargen chargen = new UdpChargen(new Random(9));
        boolean sawLong = false;
        for (int n = 0; n < 200; n++) {
            byte[] p = chargen.payload();
            assertThat(p.length).isBetween(0, 512);
            sawLong |= p.length > 150;
            for (int i = 0; i < p.length; i++) {
                int column = i % 74;
                int line = n + i / 74;
                byte expected = column < 72 ? (byte) (' ' + (line + column) % 95) : column == 72 ? (byte) '\r' : (byte) '\n';
                assertThat(p[i]).as("byte %d of answer %d", i, n).isEqualTo(expected);
            }
        }
        assertThat(sawLong).isTrue();
    }

    @Test
    void servicesAreFoundByName() {
        assertThat(UdpService.byName("Echo")).contains(UdpService.ECHO);
        assertThat(UdpService.byName("finger")).isEmpty();
        assertThat(UdpService.TIME.standardPort()).isEqualTo(37);
        assertThat(UdpService.CHARGEN.handler()).isInstanceOf(UdpChargen.class);
        assertThat(UdpService.DAYTIME.serviceName()).isEqualTo("daytime");
    }
}
