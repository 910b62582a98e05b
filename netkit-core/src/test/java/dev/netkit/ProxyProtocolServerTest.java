package dev.netkit;

import dev.netkit.proxy.ProxyHeader;
import dev.netkit.proxy.ProxyProtocol;
import dev.netkit.proxy.ProxyTlv;
import dev.netkit.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static dev.netkit.testing.Sockets.readLine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that takes PROXY headers: the handler sees the client's address; an untrusted peer, a
 * malformed header and a missing one each end their connection with a log line while the server
 * goes on serving others.
 */
class ProxyProtocolServerTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 5555);
    private static final InetSocketAddress BALANCER = new InetSocketAddress("198.51.100.1", 443);

    /** Says who the peer is, then the header's AUTHORITY field, then echoes one line. */
    private static Server whoAmI(ProxyProtocol proxy, Endpoint... endpoints) throws IOException {
        Server.Builder builder = Server.builder().proxyProtocol(proxy).handler(c -> {
            String authority = c.proxyHeader().flatMap(h -> h.tlv(ProxyTlv.AUTHORITY)).map(ProxyTlv::valueAsString)
                    .orElse("-");
            c.send("you are " + c.remoteAddress() + " " + authority + "\n");
            for (String line : c.lines()) {
                c.send("echo " + line + "\n");
            }
        });
        for (Endpoint e : endpoints) {
            builder.listen(e);
        }
        return builder.start();
    }


    /** Reads until the server closes; true if it did (end of stream or reset) within the read. */
    private static boolean closedByServer(Connection c) {
        try {
            return c.input().readAllBytes().length >= 0;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void theHandlerSeesTheClientOfAVersion1Header() throws IOException {
        try (LogCapture log = LogCapture.of("dev.netkit.connection");
             Server server = whoAmI(ProxyProtocol.fromLoopback(), Endpoint.tcp("127.0.0.1", 0));
             Connection c = Client.builder().proxyHeader(ProxyHeader.v1(CLIENT, BALANCER)).connect(server.endpoint())) {
            assertThat(readLine(c.input())).isEqualTo("you are /192.0.2.7:5555 -");
            c.send("hi\n");
            assertThat(readLine(c.input())).isEqualTo("echo hi");
            String opened = log.await("opened from 192.0.2.7:5555");
            assertThat(opened).contains("via 127.0.0.1:" + ((InetSocketAddress) c.localAddress()).getPort());
        }
    }

    @Test
    void version2TlvsReachTheHandler() throws IOException {
        ProxyHeader header = ProxyHeader.v2(CLIENT, BALANCER, ProxyTlv.ofString(ProxyTlv.AUTHORITY, "example.net"),
                new ProxyTlv(ProxyTlv.CRC32C, new byte[4]));
        try (Server server = whoAmI(ProxyProtocol.fromLoopback(), Endpoint.tcp("127.0.0.1", 0));
             Connection c = Client.builder().proxyHeader(header).connect(server.endpoint())) {
            assertThat(readLine(c.input())).isEqualTo("you are /192.0.2.7:5555 example.net");
        }
    }

    @Test
    void aServerThatSpeaksFirstAnswersTheShortestHeader() throws IOException {
        // 15 bytes: a reader that waited for a 16th (the v2 fixed part) would wait for ever.
        try (Server server = whoAmI(ProxyProtocol.fromLoopback(), Endpoint.tcp("127.0.0.1", 0));
             Connection c = Client.builder().proxyHeader(ProxyHeader.v1Unknown()).connect(server.endpoint())) {
            assertThat(readLine(c.input())).isEqualTo("you are " + c.localAddress() + " -");
        }
    }

    @Test
    void anUntrustedSourceIsClosedAndOthersAreServed(@TempDir Path dir) throws IOException {
        ProxyProtocol onlyTheLan = ProxyProtocol.builder().trust("192.0.2.0/24").build();
        try (LogCapture log = LogCapture.of("dev.netkit.connection");
             Server server = whoAmI(onlyTheLan, Endpoint.tcp("127.0.0.1", 0), Endpoint.unix(dir.resolve("s.sock")))) {
            try (Connection refused = Client.builder().proxyHeader(ProxyHeader.v1(CLIENT, BALANCER))
                    .connect(server.endpoints().get(0))) {
                byte[] got;
                try {
                    got = refused.input().readAllBytes();
                } catch (IOException reset) {
                    got = new byte[0];
                }
                assertThat(got).as("a refused client is closed before the handler greets it").isEmpty();
            }
            assertThat(log.await("not a trusted source")).contains("127.0.0.1");
            // A Unix socket peer is trusted: the same server goes on serving.
            try (Connection c = Client.builder().proxyHeader(ProxyHeader.v2(CLIENT, BALANCER)).connect(server.endpoints().get(1))) {
                assertThat(readLine(c.input())).isEqualTo("you are /192.0.2.7:5555 -");
            }
        }
    }

    @Test
    void aMalformedHeaderIsClosedWhileAnotherConnectionGoesOn() throws IOException {
        try (LogCapture log = LogCapture.of("dev.netkit.connection");
             Server server = whoAmI(ProxyProtocol.fromLoopback(), Endpoint.tcp("127.0.0.1", 0));
             Connection good = Client.builder().proxyHeader(ProxyHeader.v1(CLIENT, BALANCER)).connect(server.endpoint())) {
            assertThat(readLine(good.input())).startsWith("you are");
            try (Connection bad = Client.connect(server.endpoint())) {
                bad.send("PROXY TCP4 192.0.2.999 198.51.100.1 1 2\r\n");
                assertThat(closedByServer(bad)).isTrue();
            }
            assertThat(log.await("protocol error")).contains("bad IPv4 address \"192.0.2.999\"");
            try (Connection plain = Client.connect(server.endpoint())) {
                plain.send("hello\r\n"); // a client that skipped the balancer
                assertThat(closedByServer(plain)).isTrue();
            }
            log.await("no PROXY header: the connection began with \"hello");
            good.send("still here\n");
            assertThat(readLine(good.input())).isEqualTo("echo still here");
        }
    }

    @Test
    void aHeaderThatDoesNotComeInTimeEndsTheConnection() throws IOException {
        ProxyProtocol quick = ProxyProtocol.builder().headerTimeout(Duration.ofMillis(300)).build();
        try (LogCapture log = LogCapture.of("dev.netkit.connection");
             Server server = whoAmI(quick, Endpoint.tcp("127.0.0.1", 0));
             Connection silent = Client.connect(server.endpoint())) {
            silent.send("PROX".getBytes(StandardCharsets.US_ASCII)); // and then nothing
            assertThat(closedByServer(silent)).isTrue();
            log.await("no PROXY header within 300 ms");
            try (Connection c = Client.builder().proxyHeader(ProxyHeader.v1(CLIENT, BALANCER)).connect(server.endpoint())) {
                assertThat(readLine(c.input())).startsWith("you are /192.0.2.7");
            }
        }
    }

    @Test
    void theAccessRulesJudgeTheClientTheHeaderNamesNotTheBalancer() throws IOException {
        InetSocketAddress denied = new InetSocketAddress("203.0.113.9", 4444);
        try (Server server = Server.builder().proxyProtocol(ProxyProtocol.fromLoopback())
                .deny(AddressRange.parse("203.0.113.0/24"))
                .listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> c.send("welcome " + c.remoteAddress() + "\n"))
                .start()) {
            try (Connection refused = Client.builder().proxyHeader(ProxyHeader.v2(denied, BALANCER))
                    .connect(server.endpoint())) {
                byte[] got;
                try {
                    got = refused.input().readAllBytes();
                } catch (IOException reset) {
                    got = new byte[0];
                }
                assertThat(got).as("a refused client is closed before the handler greets it").isEmpty();
            }
            try (Connection welcome = Client.builder().proxyHeader(ProxyHeader.v2(CLIENT, BALANCER))
                    .connect(server.endpoint())) {
                assertThat(readLine(welcome.input())).isEqualTo("welcome /192.0.2.7:5555");
            }
            assertThat(server.refusals().denied()).isEqualTo(1);
            assertThat(server.stats().refused()).isEqualTo(1);
        }
    }
}
