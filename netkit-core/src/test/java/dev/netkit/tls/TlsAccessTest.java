package dev.netkit.tls;

import dev.netkit.AddressRange;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.testing.NcPeer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A peer a TLS server refuses is closed before any handshake. */
class TlsAccessTest {

    @Test
    void aRefusedPeerGetsNoHandshake() throws Exception {
        AtomicInteger served = new AtomicInteger();
        ServerTls tls = ServerTls.builder(TestPki.shared().serverTls().keyMaterial())
                .handshakeTimeout(Duration.ofSeconds(30)).build();
        try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(tls)
                .deny(AddressRange.parse("127.0.0.2")).handler(c -> served.incrementAndGet()).start();
             NcPeer nc = NcPeer.connect("127.0.0.2", server.port())) {
            // nc sends no ClientHello: a handshake would wait for one for 30 s.
            assertThat(nc.awaitEnd(Duration.ofSeconds(10))).isEmpty();
            assertThat(server.refusals().denied()).isEqualTo(1);
            assertThat(served).hasValue(0);
        }
    }
}
