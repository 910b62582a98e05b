package dev.netkit.micrometer;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.group.ConnectionGroup;
import dev.netkit.testing.Eventually;
import dev.netkit.testing.Inbox;
import dev.netkit.udp.UdpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsBindersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aServerAndItsGroupReadInPrometheusFormatUnderMicrometersNames() throws Exception {
        ConnectionGroup room = ConnectionGroup.builder().name("room").build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Server server = Server.builder().name("talk").listen(Endpoint.tcp("127.0.0.1", 0))
                .handler(c -> {
                    room.join(c);
                    for (String line : c.lines()) {
                        room.broadcast(line + "\n");
                    }
                }).start()) {
            new ServerMetrics(server).bindTo(registry);
            new ConnectionGroupMetrics(room).bindTo(registry);
            try (Connection c = Client.connect(server.endpoint())) {
                Inbox inbox = new Inbox(c);
                Eventually.await("the member to join", WAIT, () -> room.members() == 1);
                c.send("hello\n");
                assertThat(inbox.next()).isEqualTo("hello");
                Eventually.await("the delivery to be counted", WAIT, () -> room.stats().delivered() == 1);
                Thread.sleep(1100); // past the snapshot's reuse
                String text = registry.scrape();
                String tags = "server=\"talk\",transport=\"" + server.transportName() + "\"";
                assertThat(text)
                        .contains("# TYPE netkit_connections_accepted_total counter")
                        .contains("netkit_connections_accepted_total{" + tags + "} 1")
                        .contains("netkit_connections_open{" + tags + "} 1")
                        .contains("netkit_received_bytes_total{" + tags + "} 6")
                        .contains("netkit_sent_bytes_total{" + tags + "} 6")
                        .contains("netkit_handler_failures_total{" + tags + "} 0")
                        .contains("netkit_tls_handshakes_total{outcome=\"success\",reason=\"none\"," + tags + "} 0")
                        .contains("netkit_tls_handshakes_total{outcome=\"failure\",reason=\"timeout\"," + tags + "} 0")
                        .contains("netkit_group_members{group=\"room\"} 1")
                        .contains("netkit_group_broadcasts_total{group=\"room\"} 1")
                        .contains("netkit_group_deliveries_total{group=\"room\"} 1")
                        .contains("netkit_group_slow_disconnects_total{group=\"room\"} 0");
            }
        }
    }

    @Test
    void aUdpServersCountersAreBound() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (UdpServer server = UdpServer.builder().name("udp-echo").bind(new InetSocketAddress("127.0.0.1", 0))
                .handler((datagram, reply) -> reply.send(datagram.payload())).start();
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            new UdpServerMetrics(server).bindTo(registry);
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            client.setSoTimeout(10_000);
            client.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), server.port()));
            client.receive(new DatagramPacket(new byte[16], 16));
            Eventually.await("the reply to be counted", WAIT, () -> server.counters().sent() == 1);
            Thread.sleep(1100);
            assertThat(registry.get("netkit.udp.received").tag("server", "udp-echo").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("netkit.udp.sent").tag("server", "udp-echo").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("netkit.udp.dropped").functionCounter().count()).isZero();
        }
    }
}
