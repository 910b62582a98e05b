package dev.netkit.proxy;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.testing.Haproxy;
import dev.netkit.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.netkit.testing.Sockets.freePort;
import static dev.netkit.testing.Sockets.readLine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HAProxy in TCP mode in front of two netkit nodes, with {@code send-proxy} on one frontend
 * and {@code send-proxy-v2} (with HAProxy's CRC-32C and unique-id TLVs) on the other: each node
 * sees the client's own address and port, and logs it.
 */
class HaproxyTest {

    /** A node: says which it is, whom it sees, the header's version and its unique-id TLV. */
    private static Server node(String name) throws IOException {
        return Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).name(name)
                .proxyProtocol(ProxyProtocol.fromLoopback())
                .handler(c -> {
                    ProxyHeader h = c.proxyHeader().orElseThrow();
                    String id = h.tlv(ProxyTlv.UNIQUE_ID).map(ProxyTlv::valueAsString).orElse("-");
                    c.send(name + " sees " + c.remoteAddress() + " " + h.version() + " crc=" + h.tlv(ProxyTlv.CRC32C).isPresent()
                            + " id=" + id + "\n");
                    c.input().readAllBytes();
                }).start();
    }

    private static String config(int[] ports, Server a, Server b) {
        return """
                frontend v1
                    bind 127.0.0.1:%1$d
                    default_backend nodes_v1
                frontend v2
                    bind 127.0.0.1:%2$d
                    unique-id-format %%ci:%%cp
                    default_backend nodes_v2
                backend nodes_v1
                    balance roundrobin
                    server a 127.0.0.1:%3$d send-proxy
                    server b 127.0.0.1:%4$d send-proxy
                backend nodes_v2
                    balance roundrobin
                    server a 127.0.0.1:%3$d send-proxy-v2 proxy-v2-options crc32c,unique-id
                    server b 127.0.0.1:%4$d send-proxy-v2 proxy-v2-options crc32c,unique-id
                """.formatted(ports[0], ports[1], a.port(), b.port());
    }


    @Test
    void bothNodesSeeTheClientThroughBothVersions(@TempDir Path dir) throws Exception {
        try (LogCapture log = LogCapture.of("dev.netkit.connection");
             Server a = node("a"); Server b = node("b");
             Haproxy haproxy = Haproxy.start(dir, 2, ports -> config(ports, a, b))) {
            for (int frontend = 0; frontend < 2; frontend++) {
                Set<String> nodes = new HashSet<>();
                for (int i = 0; i < 4; i++) {
                    try (Socket s = new Socket()) {
                        s.setSoTimeout(10_000);
                        s.connect(new InetSocketAddress("127.0.0.1", haproxy.port(frontend)), 5000);
                        String me = "/127.0.0.1:" + s.getLocalPort();
                        String reply = readLine(s.getInputStream());
                        String version = frontend == 0 ? "V1 crc=false id=-" : "V2 crc=true id=127.0.0.1:" + s.getLocalPort();
                        assertThat(reply).as(haproxy.output()).endsWith(" sees " + me + " " + version);
                        nodes.add(reply.substring(0, 1));
                        log.await("opened from 127.0.0.1:" + s.getLocalPort() + " via 127.0.0.1:");
                    }
                }
                assertThat(nodes).as("round robin reaches both nodes").containsExactlyInAnyOrder("a", "b");
            }
        }
    }

    @Test
    void ncThroughHaproxyIsLoggedWithItsOwnAddress(@TempDir Path dir) throws Exception {
        try (LogCapture log = LogCapture.of("dev.netkit.connection");
             Server a = node("a"); Server b = node("b");
             Haproxy haproxy = Haproxy.start(dir, 2, ports -> config(ports, a, b))) {
            for (int attempt = 0; ; attempt++) {
                int source = freePort();
                Process nc = nc(source, haproxy.port(1));
                try {
                    String reply = readLine(nc.getInputStream());
                    if (reply.isEmpty() && attempt < 3) {
                        continue; // the source port was taken meanwhile: nc could not bind it
                    }
                    assertThat(reply).endsWith(" sees /127.0.0.1:" + source + " V2 crc=true id=127.0.0.1:" + source);
                    String line = log.await("opened from 127.0.0.1:" + source);
                    assertThat(line).contains(" via 127.0.0.1:");
                    return;
                } finally {
                    nc.destroy();
                    nc.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** OpenBSD nc from source port {@code source}, its standard input open and silent. */
    private static Process nc(int source, int port) {
        try {
            return new ProcessBuilder(List.of("nc", "-p", String.valueOf(source), "127.0.0.1", String.valueOf(port)))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("nc is needed for this test (.ci/run installs netcat-openbsd): " + e.getMessage(), e);
        }
    }

}
