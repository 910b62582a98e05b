package dev.netkit.tls;

import dev.netkit.Client;
import dev.netkit.Connection;
import dev.netkit.Endpoint;
import dev.netkit.Server;
import dev.netkit.proxy.ProxyHeader;
import dev.netkit.proxy.ProxyProtocol;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The PROXY header comes before the TLS handshake, on the bare connection; the client's first TLS bytes stay whole. */
class TlsProxyProtocolTest {

    private static final TestPki PKI = TestPki.shared();

    @Test
    void theHeaderIsReadBeforeTheHandshake() throws Exception {
        InetSocketAddress client = new InetSocketAddress("2001:db8::7", 40000);
        InetSocketAddress balancer = new InetSocketAddress("2001:db8::1", 443);
        for (ProxyHeader header : new ProxyHeader[] {ProxyHeader.v1(client, balancer), ProxyHeader.v2(client, balancer)}) {
            try (Server server = Server.builder().listen(Endpoint.tcp("127.0.0.1", 0)).tls(PKI.serverTls())
                    .proxyProtocol(ProxyProtocol.fromLoopback())
                    .handler(c -> c.send(c.remoteAddress() + " " + c.tlsSession().orElseThrow().getProtocol() + "\n"))
                    .start();
                 Connection c = Client.builder().tls(PKI.clientTls()).proxyHeader(header).connect(server.endpoint())) {
                String reply = new String(c.input().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(reply).as(header.toString()).startsWith("/[2001:db8:0:0:0:0:0:7]:40000 TLSv1.");
            }
        }
    }
}
