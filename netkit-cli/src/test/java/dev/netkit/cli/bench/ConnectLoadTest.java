package dev.netkit.cli.bench;

import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.cli.tls.SelfSigned;
import dev.netkit.services.EchoService;
import dev.netkit.tls.ClientTls;
import dev.netkit.tls.ServerTls;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The connect workload, plain and over TLS (where every handshake gets a new client context, so none is resumed). */
class ConnectLoadTest {

    @Test
    void everyHandshakeGetsItsOwnClientContext() throws Exception {
        SelfSigned pair = SelfSigned.forLocalhost();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0))
                .tls(ServerTls.builder(pair.keyMaterial()).build()).handler(EchoService.raw()).start()) {
            AtomicInteger contexts = new AtomicInteger();
            ConnectLoad load = new ConnectLoad("tls-connect", TlsBench.fullHandshakes(Endpoint.tcp("127.0.0.1", server.port()), () -> {
                contexts.incrementAndGet();
                return ClientTls.builder().insecure().build();
            }), 2, 0);
            load.start();
            Histogram handshakes = new Histogram(3);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (handshakes.getTotalCount() < 10 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
                load.drainLatencies(handshakes);
            }
            load.stop();
            load.drainLatencies(handshakes);
            assertThat(load.errors()).isZero();
            assertThat(handshakes.getTotalCount()).isGreaterThanOrEqualTo(10);
            assertThat((long) contexts.get()).isEqualTo(handshakes.getTotalCount() + load.errors());
        }
    }
}
