package dev.netkit;

import dev.netkit.testing.Eventually;
import dev.netkit.testing.NcPeer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may connect, checked with real {@code nc} peers from two loopback source addresses:
 * 127.0.0.1 and 127.0.0.2.
 */
class AccessRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final AtomicInteger served = new AtomicInteger();

    private Server.Builder greeter() {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).handler(c -> {
            served.incrementAndGet();
            c.send("welcome " + ((java.net.InetSocketAddress) c.remoteAddress()).getAddress().getHostAddress() + "\n");
            c.input().readAllBytes();
        });
    }

    private static void welcomed(Server server, String source) throws Exception {
        try (NcPeer nc = NcPeer.connect(source, server.port())) {
            nc.awaitOutput("welcome " + source, WAIT);
        }
    }

    private static void refused(Server server, String source) throws Exception {
        try (NcPeer nc = NcPeer.connect(source, server.port())) {
            assertThat(nc.awaitEnd(WAIT)).doesNotContain("welcome");
        }
    }

    @Test
    void aDeniedAddressIsClosedAtOnceAndCounted() throws Exception {
        try (Server server = greeter().deny(AddressRange.parse("127.0.0.2/32")).start()) {
            refused(server, "127.0.0.2");
            welcomed(server, "127.0.0.1");
            assertThat(server.refusals()).isEqualTo(new Refusals(1, 0, 0));
            assertThat(served).hasValue(1);
        }
    }

    @Test
    void anAllowListLetsInOnlyItsRanges() throws Exception {
        try (Server server = greeter().allow(AddressRange.parse("127.0.0.0/31")).start()) {
            welcomed(server, "127.0.0.1");
            refused(server, "127.0.0.2");
            assertThat(server.refusals().denied()).isEqualTo(1);
        }
    }

    @Test
    void denyWinsOverAllow() throws Exception {
        try (Server server = greeter().allow(AddressRange.parse("127.0.0.0/8"))
                .deny(AddressRange.parse("127.0.0.2")).start()) {
            welcomed(server, "127.0.0.1");
            refused(server, "127.0.0.2");
        }
    }

    @Test
    void anAddressOverItsCapIsRefusedAndOthersStillGetIn() throws Exception {
        List<NcPeer> open = new ArrayList<>();
        try (Server server = greeter().maxConnectionsPerAddress(2).start()) {
            for (int i = 0; i < 2; i++) {
                open.add(NcPeer.connect("127.0.0.1", server.port()).awaitOutput("welcome", WAIT));
            }
            refused(server, "127.0.0.1");
            assertThat(server.refusals()).isEqualTo(new Refusals(0, 1, 0));
            welcomed(server, "127.0.0.2"); // another address has its own count
            // A connection that ends gives its place back.
            open.removeFirst().close();
            Eventually.await("the closed connection to be gone", WAIT, () -> server.connectionCount() == 1);
            open.add(NcPeer.connect("127.0.0.1", server.port()).awaitOutput("welcome", WAIT));
            assertThat(server.refusals().overPerAddressLimit()).isEqualTo(1);
        } finally {
            open.forEach(NcPeer::close);
        }
    }

    @Test
    void anAddressConnectingTooFastIsRefused() throws Exception {
        try (Server server = greeter().maxAcceptRatePerAddress(1).start()) {
            // A burst of one, then one a second: of several connections in a row most are refused
            // (unless each took the machine over a second to make).
            int welcomed = 0;
            for (int i = 0; i < 4; i++) {
                try (NcPeer nc = NcPeer.connect("127.0.0.1", server.port())) {
                    welcomed += nc.awaitOutputOrEnd("welcome", WAIT).contains("welcome") ? 1 : 0;
                }
            }
            assertThat(welcomed).isGreaterThanOrEqualTo(1);
            assertThat(server.refusals().overRateLimit()).isEqualTo(4 - welcomed).isPositive();
            welcomed(server, "127.0.0.2"); // its own bucket
        }
    }

    @Test
    void unixSocketPermissionsAreSet(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("s.sock");
        try (Server server = Server.builder().listen(Endpoint.unix(path)).handler(c -> c.send("hi\n"))
                .unixSocketPermissions(PosixFilePermissions.fromString("rw-rw----")).start();
             Connection c = Client.connect(server.endpoint())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-rw----");
            assertThat(new String(c.input().readAllBytes())).isEqualTo("hi\n");
        }
    }
}
